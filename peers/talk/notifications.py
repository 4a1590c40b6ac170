"""Emails of the peers' talk, each in its reader's language with a working unsubscribe link:

- a new question goes at once to those who follow the network (``commitments.Follow`` on the
  network page); a new answer to those who follow the question;
- ``send_peer_digests`` sends the daily ones;
- registering, being put on the waiting list, being promoted from it and cancelling send the
  event's ``.ics`` (REQUEST, or CANCEL when cancelled).

A members-only question never goes to anyone who cannot read it: every recipient is checked
with the same policy the page uses.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import Follow
from commitments.progress.notifications import unsubscribe_url as network_unsubscribe_url
from tracker.mail import absolute_url, send_templated

from . import permissions as policy
from .calendar import CalendarEntry, calendar_bytes, in_zone

EMAILS = "peers/email/"
UNSUBSCRIBE_SALT = "peers.question-unsubscribe"


def question_url(question) -> str:
    return reverse("peers_talk:question_detail", args=[question.network.slug, question.pk])


def unsubscribe_token(follow) -> str:
    return signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)


def follow_from_token(token: str):
    from .models import QuestionFollow

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return QuestionFollow.objects.filter(pk=data.get("follow"), user_id=data.get("user")).first()


def question_unsubscribe_url(follow) -> str:
    with translation.override(follow.language):
        return absolute_url(reverse("peers_talk:question_unsubscribe", args=[unsubscribe_token(follow)]))


def _reachable(user) -> bool:
    return bool(user.email) and user.is_active


def _send(*, follow, link: str, template: str, context) -> None:
    send_templated(
        to=follow.user.email,
        language=follow.language,
        template=EMAILS + template,
        context=lambda: {**context(), "follow": follow, "unsubscribe_url": link},
        headers={"List-Unsubscribe": f"<{link}>"},
    )


def question_asked(question_pk: int) -> int:
    """Email the network's immediate followers who may read the new question."""
    from .models import Question

    question = Question.objects.select_related("network", "author").get(pk=question_pk)
    sent = 0
    follows = Follow.objects.filter(page_id=question.network_id, frequency=Follow.Frequency.IMMEDIATE)
    for follow in follows.select_related("user"):
        user = follow.user
        if (
            user.pk == question.author_id
            or not _reachable(user)
            or not policy.can_read_question(user, question)
        ):
            continue
        _send(
            follow=follow,
            link=network_unsubscribe_url(follow),
            template="question_asked",
            context=lambda: {"question": question, "url": absolute_url(question_url(question))},
        )
        sent += 1
    return sent


def answer_posted(answer_pk: int) -> int:
    """Email the question's immediate followers (not the one who answered)."""
    from .models import Answer, QuestionFollow

    answer = Answer.objects.select_related("question__network", "author").get(pk=answer_pk)
    question = answer.question
    sent = 0
    follows = QuestionFollow.objects.filter(question=question, frequency=Follow.Frequency.IMMEDIATE)
    for follow in follows.select_related("user"):
        user = follow.user
        if (
            user.pk == answer.author_id
            or not _reachable(user)
            or not policy.can_read_question(user, question)
        ):
            continue
        _send(
            follow=follow,
            link=question_unsubscribe_url(follow),
            template="answer_posted",
            context=lambda: {
                "question": question,
                "answer": answer,
                "url": absolute_url(question_url(question)),
            },
        )
        sent += 1
    return sent


def send_peer_digests(*, now: datetime.datetime | None = None) -> int:
    """One email per daily follow (of a question: its new answers; of a network: its new
    questions) with what came since the last one; nothing when nothing came."""
    from ..models import NetworkPage
    from .models import Answer, NetworkDigestMark, Question, QuestionFollow

    now = now or timezone.now()
    sent = 0
    for follow in QuestionFollow.objects.filter(frequency=Follow.Frequency.DAILY).select_related(
        "user", "question__network"
    ):
        since = follow.last_digest_at or follow.created_at
        question = follow.question
        answers = list(
            Answer.objects.filter(
                question=question, created_at__gt=since, created_at__lte=now, hidden_at__isnull=True
            )
            .exclude(author=follow.user)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        if answers and _reachable(follow.user) and policy.can_read_question(follow.user, question):
            _send(
                follow=follow,
                link=question_unsubscribe_url(follow),
                template="question_digest",
                context=lambda question=question, answers=answers: {
                    "question": question,
                    "answers": answers,
                    "url": absolute_url(question_url(question)),
                },
            )
            sent += 1
        QuestionFollow.objects.filter(pk=follow.pk).update(last_digest_at=now)

    networks = NetworkPage.objects.values_list("pk", flat=True)
    for follow in Follow.objects.filter(
        frequency=Follow.Frequency.DAILY, page_id__in=networks
    ).select_related("user"):
        mark = NetworkDigestMark.objects.filter(follow=follow).first()
        since = mark.last_digest_at if mark else follow.created_at
        questions = [
            question
            for question in Question.objects.filter(
                network_id=follow.page_id, created_at__gt=since, created_at__lte=now, hidden_at__isnull=True
            )
            .exclude(author=follow.user)
            .select_related("network")
            .order_by("created_at", "pk")
            if policy.can_read_question(follow.user, question)
        ]
        if questions and _reachable(follow.user):
            _send(
                follow=follow,
                link=network_unsubscribe_url(follow),
                template="network_digest",
                context=lambda questions=questions: {
                    "network": questions[0].network,
                    "questions": [{"question": q, "url": absolute_url(question_url(q))} for q in questions],
                },
            )
            sent += 1
        NetworkDigestMark.objects.update_or_create(follow=follow, defaults={"last_digest_at": now})
    return sent


def calendar_entry(event, *, cancelled: bool = False, sequence: int = 0) -> CalendarEntry:
    """The event as a calendar entry (its link in the active language)."""
    where = event.location if event.format != event.Format.ONLINE else ""
    return CalendarEntry(
        uid=f"peers-event-{event.pk}@open-commitments-tracker",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        url=absolute_url(event.url or ""),
        location=where or (str(event.get_format_display()) if event.format == event.Format.ONLINE else ""),
        description=event.summary,
        sequence=sequence,
        cancelled=cancelled,
    )


def registration_changed(registration_pk: int, kind: str) -> bool:
    """``kind``: registered (or put on the waiting list), promoted, cancelled."""
    from .models import Registration

    registration = Registration.objects.select_related("event", "user").get(pk=registration_pk)
    event = registration.event.specific
    user = registration.user
    if not _reachable(user):
        return False
    if kind == "registered" and registration.status == Registration.Status.WAITING:
        template = "waiting"
    else:
        template = {"registered": "registered", "promoted": "promoted", "cancelled": "cancelled"}[kind]
    cancelled = template == "cancelled"
    attachments = None
    if template != "waiting":
        with translation.override(registration.language):
            data = calendar_bytes(
                [calendar_entry(event, cancelled=cancelled, sequence=registration.sequence)],
                method="CANCEL" if cancelled else "REQUEST",
            )
        attachments = [("event.ics", data, "text/calendar")]
    return send_templated(
        to=user.email,
        language=registration.language,
        template=EMAILS + template,
        context=lambda: {
            "event": event,
            "when": in_zone(event.starts_at, event.time_zone),
            "url": absolute_url(event.url or ""),
        },
        attachments=attachments,
    )
