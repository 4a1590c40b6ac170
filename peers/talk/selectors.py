"""Reads of the peers' talk, each in a fixed number of queries however much there is.

Every list of questions goes through ``visible_questions``: members-only questions are simply
not in the queryset of someone outside the network, so no page, count, search or feed built on
it can show them.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from commitments.irm import Completion
from commitments.models import CommitmentFacts

from ..models import NetworkMember, NetworkPage, PracticePage
from ..permissions import is_network_member
from . import permissions as policy
from .calendar import in_zone
from .models import Answer, EventPage, Exchange, Flag, Question, QuestionFollow, Registration

DONE = [Completion.SUBSTANTIAL.value, Completion.COMPLETE.value]


def network_by_slug(slug: str) -> NetworkPage:
    network = NetworkPage.objects.live().filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def visible_questions(user, network: NetworkPage, *, search: str = ""):
    """The questions of ``network`` this person may read, most recently active first."""
    questions = Question.objects.filter(network=network)
    if not is_network_member(user, network):
        questions = questions.filter(members_only=False)
    if search:
        words = search.split()[:8]
        for word in words:
            questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return questions.select_related("author").order_by("-last_activity_at", "-pk")


def question_rows(
    user, network: NetworkPage, *, search: str = "", flagged: bool = False, limit: int = 30
) -> list[Question]:
    """The first ``limit`` visible questions, each with ``answer_count`` (its shown answers).

    Two queries: the page of questions, then the counts for those only. Counting in the first
    query would join every answer of the network before the limit applies (measured: the list
    took three times as long at 2,000 questions and 50,000 answers as at 200 and 5,000)."""
    questions = visible_questions(user, network, search=search)
    if flagged:
        # Moderators' queue: a flag on the question or on any of its answers.
        questions = questions.filter(pk__in=Flag.objects.values("question_id"))
    rows = list(questions[:limit])
    counts = dict(
        Answer.objects.filter(question__in=[q.pk for q in rows], hidden_at__isnull=True)
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    for question in rows:
        question.answer_count = counts.get(question.pk, 0)
    return rows


def question_for(user, network: NetworkPage, pk: int) -> Question:
    """The question, or a 404 for anyone who may not read it (not even its title leaks)."""
    question = (
        Question.objects.select_related("network", "author", "accepted_answer")
        .filter(network=network, pk=pk)
        .first()
    )
    if question is None or not policy.can_read_question(user, question):
        raise Http404
    return question


def question_context(question: Question, user) -> dict:
    """The thread: answers in order with their authors (the accepted one first), links, and what
    this person may do."""
    network = question.network
    moderator = policy.can_moderate(user, network)
    answers = list(
        Answer.objects.filter(question=question)
        .select_related("author", "hidden_by")
        .annotate(flag_count=Count("flags"))
        .order_by("created_at", "pk")
    )
    accepted = next((a for a in answers if a.pk == question.accepted_answer_id), None)
    ordered = ([accepted] if accepted else []) + [a for a in answers if a is not accepted]
    signed = bool(user and user.is_authenticated)
    return {
        "network": network,
        "question": question,
        "answers": ordered,
        "accepted": accepted,
        "practices": list(question.practices.live().order_by("title")),
        "commitments": list(question.commitments.live().order_by("title")),
        "question_flags": question.flags.filter(answer__isnull=True).count() if moderator else 0,
        "following": signed and QuestionFollow.objects.filter(question=question, user=user).exists(),
        "may_answer": policy.can_answer(user, question),
        "may_accept": policy.can_accept(user, question),
        "may_flag": policy.can_flag(user, question),
        "may_moderate": moderator,
        "may_follow": policy.can_follow_question(user, question),
    }


# ----------------------------------------------------------------------------- exchanges


def visible_exchanges(user, network: NetworkPage):
    exchanges = Exchange.objects.filter(network=network)
    if not is_network_member(user, network):
        exchanges = exchanges.filter(status=Exchange.Status.REPORTED)
    return (
        exchanges.select_related("requested_by")
        .prefetch_related("policy_areas")
        .order_by("-created_at", "-pk")
    )


def exchange_for(user, network: NetworkPage, pk: int) -> Exchange:
    exchange = (
        Exchange.objects.select_related("network", "requested_by").filter(network=network, pk=pk).first()
    )
    if exchange is None or not policy.can_view_exchange(user, exchange):
        raise Http404
    return exchange


def suggested_peers(exchange: Exchange, *, limit: int = 10) -> dict:
    """Who has done it: the network's OGP members whose commitments in the exchange's policy
    areas the IRM starred or found substantially or fully complete (with how many), and the
    authors of published practices in those areas."""
    areas = list(exchange.policy_areas.values_list("pk", flat=True))
    member_ids = NetworkMember.objects.filter(network=exchange.network, ogp_member__isnull=False).values(
        "ogp_member_id"
    )
    facts = (
        CommitmentFacts.objects.filter(member_id__in=member_ids, commitment__policy_areas__in=areas)
        .filter(Q(starred=True) | Q(completion__in=DONE))
        .values("member_id", "member__title")
        .annotate(
            commitments=Count("commitment", distinct=True),
            starred=Count("commitment", filter=Q(starred=True), distinct=True),
        )
        .order_by("-commitments", "member__title")[:limit]
    )
    practices = (
        PracticePage.objects.live()
        .filter(policy_areas__in=areas)
        .exclude(owner__isnull=True)
        .select_related("owner")
        .distinct()
        .order_by("title")[:limit]
    )
    return {"members": list(facts), "practices": list(practices)}


def network_people(network: NetworkPage):
    """People of the network, for matching an exchange."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(network_roles__network=network).order_by("username").distinct()


# ----------------------------------------------------------------------------- events


def network_events(network: NetworkPage):
    return (
        EventPage.objects.live()
        .child_of(network)
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            )
        )
        .order_by("starts_at", "pk")
    )


def event_context(event: EventPage, request) -> dict:
    user = getattr(request, "user", None)
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    taken = counts.get(Registration.Status.REGISTERED, 0)
    mine = None
    if user is not None and user.is_authenticated:
        mine = (
            Registration.objects.filter(
                event=event,
                user=user,
                status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            )
            .order_by("-pk")
            .first()
        )
    network = NetworkPage.objects.filter(pk=event.get_parent().pk).first() if event.depth > 1 else None
    return {
        "network": network,
        "starts": in_zone(event.starts_at, event.time_zone),
        "ends": in_zone(event.ends_at, event.time_zone),
        "places_taken": taken,
        "waiting": counts.get(Registration.Status.WAITING, 0),
        "places_left": None if event.capacity is None else max(0, event.capacity - taken),
        "registration": mine,
        "is_over": event.ends_at <= timezone.now(),
        "may_register": policy.can_register(user, event),
        "materials": list(event.materials.all()),
    }
