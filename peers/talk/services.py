"""Writes of the peers' talk: each checks the policy again (views are not the only door), cleans
the row, and runs in one transaction; emails go after the commit.

Nothing is deleted: hiding keeps the text with a public reason, locking keeps the thread,
cancelling keeps the registration.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Follow

from . import notifications
from . import permissions as policy
from .models import Answer, EventPage, Exchange, Flag, Question, QuestionFollow, Registration


def _refuse(message: str):
    raise PermissionDenied(message)


def _after_commit(fn, *args) -> None:
    transaction.on_commit(lambda: fn(*args))


@transaction.atomic
def question_ask(
    *,
    network,
    author,
    title: str,
    body: str = "",
    members_only: bool = True,
    practices=(),
    commitments=(),
) -> Question:
    if not policy.can_ask(author, network):
        _refuse(_("Only the network's members can ask questions here."))
    question = Question(
        network=network, author=author, title=title.strip(), body=body, members_only=members_only
    )
    question.full_clean()
    question.save()
    question.practices.set(practices)
    question.commitments.set(commitments)
    QuestionFollow.objects.get_or_create(
        user=author, question=question, defaults={"language": getattr(author, "language", "") or "en"}
    )
    _after_commit(notifications.question_asked, question.pk)
    return question


@transaction.atomic
def answer_post(*, question: Question, author, body: str) -> Answer:
    question = Question.objects.select_for_update().select_related("network").get(pk=question.pk)
    if not policy.can_answer(author, question):
        if question.is_locked:
            _refuse(_("This thread is locked: no more answers."))
        _refuse(_("Only the network's members can answer here."))
    answer = Answer(question=question, author=author, body=body)
    answer.full_clean()
    answer.save()
    Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())
    _after_commit(notifications.answer_posted, answer.pk)
    return answer


@transaction.atomic
def answer_accept(*, question: Question, answer: Answer | None, user) -> Question:
    """Mark ``answer`` as the accepted one (None takes the mark away)."""
    if not policy.can_accept(user, question):
        _refuse(_("Only the person who asked can accept an answer."))
    if answer is not None and (answer.question_id != question.pk or answer.is_hidden):
        raise ValidationError(_("Choose an answer to this question."))
    Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
    question.accepted_answer = answer
    return question


@transaction.atomic
def flag_create(*, question: Question, answer: Answer | None = None, user, reason: str) -> Flag:
    if not policy.can_flag(user, question):
        _refuse(_("Sign in to flag."))
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError(_("Choose an answer to this question."))
    flag = Flag(question=question, answer=answer, flagged_by=user, reason=reason.strip())
    flag.full_clean()
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError as error:
        raise ValidationError(_("You have already flagged this.")) from error
    return flag


def _hide(target, *, user, reason: str, network) -> None:
    if not policy.can_moderate(user, network):
        _refuse(_("Only the network's editors can hide posts."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the reason is shown in place of the text.")})
    target.hidden_at = timezone.now()
    target.hidden_by = user
    target.hidden_reason = reason
    target.full_clean()
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


def _unhide(target, *, user, network) -> None:
    if not policy.can_moderate(user, network):
        _refuse(_("Only the network's editors can show hidden posts again."))
    target.hidden_at = None
    target.hidden_by = None
    target.hidden_reason = ""
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


@transaction.atomic
def question_hide(*, question: Question, user, reason: str) -> Question:
    _hide(question, user=user, reason=reason, network=question.network)
    return question


@transaction.atomic
def answer_hide(*, answer: Answer, user, reason: str) -> Answer:
    _hide(answer, user=user, reason=reason, network=answer.question.network)
    Question.objects.filter(pk=answer.question_id, accepted_answer=answer).update(accepted_answer=None)
    return answer


@transaction.atomic
def question_unhide(*, question: Question, user) -> Question:
    _unhide(question, user=user, network=question.network)
    return question


@transaction.atomic
def answer_unhide(*, answer: Answer, user) -> Answer:
    _unhide(answer, user=user, network=answer.question.network)
    return answer


@transaction.atomic
def question_lock(*, question: Question, user, locked: bool = True) -> Question:
    if not policy.can_moderate(user, question.network):
        _refuse(_("Only the network's editors can lock a thread."))
    question.locked_at = timezone.now() if locked else None
    question.locked_by = user if locked else None
    question.save(update_fields=["locked_at", "locked_by"])
    return question


@transaction.atomic
def question_follow(*, question: Question, user, frequency: str, language: str) -> QuestionFollow:
    if not policy.can_follow_question(user, question):
        _refuse(_("Sign in to follow."))
    follow, _created = QuestionFollow.objects.update_or_create(
        user=user, question=question, defaults={"frequency": frequency, "language": language}
    )
    follow.full_clean()
    return follow


@transaction.atomic
def question_unfollow(*, question: Question, user) -> int:
    deleted, _detail = QuestionFollow.objects.filter(user=user, question=question).delete()
    return deleted


def network_follows(network):
    """Follows of the network page itself (the site's follow system)."""
    return Follow.objects.filter(page_id=network.pk)


# ----------------------------------------------------------------------------- exchanges


@transaction.atomic
def exchange_request(*, network, user, topic: str, description: str, policy_areas) -> Exchange:
    if not policy.can_request_exchange(user, network):
        _refuse(_("Only the network's members can ask for an exchange."))
    exchange = Exchange(network=network, requested_by=user, topic=topic.strip(), description=description)
    exchange.full_clean()
    exchange.save()
    areas = list(policy_areas)
    if not areas:
        raise ValidationError({"policy_areas": _("Choose at least one policy area.")})
    exchange.policy_areas.set(areas)
    return exchange


# Each status can only move to the next one.
NEXT_STATUS = {
    Exchange.Status.REQUESTED: Exchange.Status.MATCHED,
    Exchange.Status.MATCHED: Exchange.Status.HELD,
    Exchange.Status.HELD: Exchange.Status.REPORTED,
}


@transaction.atomic
def exchange_match(*, exchange: Exchange, user, peers) -> Exchange:
    if not policy.can_match_exchange(user, exchange):
        _refuse(_("Only the network's editors can match an exchange."))
    peers = list(peers)
    if exchange.status != Exchange.Status.REQUESTED:
        raise ValidationError(_("This exchange is already matched."))
    if not peers:
        raise ValidationError({"peers": _("Choose at least one peer.")})
    exchange.peers.set(peers)
    exchange.status = Exchange.Status.MATCHED
    exchange.save(update_fields=["status", "updated_at"])
    return exchange


@transaction.atomic
def exchange_held(*, exchange: Exchange, user, held_on) -> Exchange:
    if not policy.can_match_exchange(user, exchange):
        _refuse(_("Only the network's editors can move an exchange on."))
    if exchange.status != Exchange.Status.MATCHED:
        raise ValidationError(_("Only a matched exchange can be marked as held."))
    exchange.status = Exchange.Status.HELD
    exchange.held_on = held_on
    exchange.full_clean()
    exchange.save(update_fields=["status", "held_on", "updated_at"])
    return exchange


@transaction.atomic
def exchange_report(*, exchange: Exchange, user, report: str, commitments) -> Exchange:
    if not policy.can_report_exchange(user, exchange):
        _refuse(_("Only the person who asked, or the network's editors, can write the report."))
    if exchange.status not in (Exchange.Status.HELD, Exchange.Status.REPORTED):
        raise ValidationError(_("Write the report once the exchange has been held."))
    if not report.strip():
        raise ValidationError({"report": _("Write a short report.")})
    exchange.report = report
    exchange.status = Exchange.Status.REPORTED
    exchange.full_clean()
    exchange.save(update_fields=["report", "status", "updated_at"])
    exchange.helped_commitments.set(commitments)
    return exchange


# ----------------------------------------------------------------------------- events


def _places_taken(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()


@transaction.atomic
def registration_create(*, event: EventPage, user, language: str = "en") -> Registration:
    """A place if one is free, else a place on the waiting list (first come, first promoted)."""
    # Lock the event's row so that two people cannot take the last place at once.
    event = EventPage.objects.select_for_update().get(pk=event.pk)
    if not policy.can_register(user, event):
        _refuse(_("Sign in to register."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("This event is over."))
    existing = Registration.objects.filter(
        event=event, user=user, status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING]
    ).first()
    if existing is not None:
        return existing
    full = event.capacity is not None and _places_taken(event) >= event.capacity
    registration = Registration.objects.create(
        event=event,
        user=user,
        language=language,
        status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
    )
    _after_commit(notifications.registration_changed, registration.pk, "registered")
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, user) -> Registration | None:
    """Cancel; when a place frees up, the first on the waiting list gets it. Returns whoever was
    promoted."""
    event = EventPage.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if not policy.can_cancel(user, registration):
        _refuse(_("You can only cancel your own registration."))
    if registration.status == Registration.Status.CANCELLED:
        return None
    had_place = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence", "updated_at"])
    _after_commit(notifications.registration_changed, registration.pk, "cancelled")
    promoted = None
    if had_place and (event.capacity is None or _places_taken(event) < event.capacity):
        promoted = (
            Registration.objects.filter(event=event, status=Registration.Status.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if promoted is not None:
            promoted.status = Registration.Status.REGISTERED
            promoted.sequence += 1
            promoted.save(update_fields=["status", "sequence", "updated_at"])
            _after_commit(notifications.registration_changed, promoted.pk, "promoted")
    return promoted
