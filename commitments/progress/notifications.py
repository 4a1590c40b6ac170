"""Emails of the progress loop: followers on approved updates (at once or a daily digest),
reminders to points of contact and forum reviewers. Each email is in the language the person
chose (a follow keeps the language it was made in) and carries a working unsubscribe link.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from tracker.mail import absolute_url, send_templated

from ..models import (
    WAITING_STATES,
    Follow,
    MemberPage,
    Milestone,
    ProgressUpdate,
    Rebaseline,
    ReminderSent,
    UpdateState,
)
from ..permissions import forum_group_name, member_of, poc_group_name
from ..rules import OPEN_STATUSES
from .selectors import followers_of

UNSUBSCRIBE_SALT = "commitments.unsubscribe"
DUE_SOON_DAYS = 7
REVIEW_REMINDER_DAYS = 3


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)


def follow_from_token(token: str) -> Follow | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return (
        Follow.objects.filter(pk=data.get("follow"), user_id=data.get("user")).select_related("page").first()
    )


def unsubscribe_url(follow: Follow) -> str:
    with translation.override(follow.language):
        return absolute_url(reverse("commitments:unsubscribe", args=[unsubscribe_token(follow)]))


EMAILS = "commitments/email/"


def _update_context(update: ProgressUpdate) -> dict:
    """An update and its commitment's link (in the active language: call inside the send)."""
    commitment = update.milestone.commitment
    return {"update": update, "commitment": commitment, "url": absolute_url(commitment.url or "")}


def _send_to_follower(follow: Follow, template: str, context) -> None:
    link = unsubscribe_url(follow)
    send_templated(
        to=follow.user.email,
        language=follow.language,
        template=EMAILS + template,
        context=lambda: {**context(), "follow": follow, "unsubscribe_url": link},
        headers={"List-Unsubscribe": f"<{link}>"},
    )


def notify_followers_of_approval(update_pk: int) -> int:
    """Email the immediate followers of an approved update's commitment, plan or member."""
    update = ProgressUpdate.objects.select_related("milestone__commitment").get(pk=update_pk)
    sent = 0
    seen: set[int] = set()
    for follow in followers_of(update.milestone.commitment).filter(frequency=Follow.Frequency.IMMEDIATE):
        if follow.user_id in seen or not follow.user.email or not follow.user.is_active:
            continue
        seen.add(follow.user_id)
        _send_to_follower(follow, "update_approved", lambda: _update_context(update))
        sent += 1
    return sent


def notify_followers_of_rebaseline(rebaseline_pk: int) -> int:
    """Email the immediate followers of a commitment whose milestone was re-baselined: a moved
    due date is news to those who watch it."""
    rebaseline = Rebaseline.objects.select_related("milestone__commitment").get(pk=rebaseline_pk)
    commitment = rebaseline.milestone.commitment
    sent = 0
    seen: set[int] = set()
    for follow in followers_of(commitment).filter(frequency=Follow.Frequency.IMMEDIATE):
        if follow.user_id in seen or not follow.user.email or not follow.user.is_active:
            continue
        seen.add(follow.user_id)
        _send_to_follower(
            follow,
            "rebaseline_approved",
            lambda: {
                "rebaseline": rebaseline,
                "commitment": commitment,
                "url": absolute_url(commitment.url or ""),
            },
        )
        sent += 1
    return sent


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One email per daily follow with the updates and re-baselinings approved since its last
    digest."""
    now = now or timezone.now()
    sent = 0
    for follow in Follow.objects.filter(frequency=Follow.Frequency.DAILY).select_related("user", "page"):
        since = follow.last_digest_at or follow.created_at
        updates = list(
            ProgressUpdate.objects.filter(
                state=UpdateState.APPROVED,
                decided_at__gt=since,
                decided_at__lte=now,
                milestone__commitment__path__startswith=follow.page.path,
            )
            .select_related("milestone__commitment")
            .order_by("decided_at")
        )
        changes = list(
            Rebaseline.objects.filter(
                state=UpdateState.APPROVED,
                decided_at__gt=since,
                decided_at__lte=now,
                milestone__commitment__path__startswith=follow.page.path,
            )
            .select_related("milestone__commitment")
            .order_by("decided_at")
        )
        if (updates or changes) and follow.user.email and follow.user.is_active:
            _send_to_follower(
                follow,
                "digest",
                lambda updates=updates, changes=changes: {
                    "updates": [_update_context(u) for u in updates],
                    "rebaselines": [
                        {
                            "rebaseline": r,
                            "commitment": r.milestone.commitment,
                            "url": absolute_url(r.milestone.commitment.url or ""),
                        }
                        for r in changes
                    ],
                },
            )
            sent += 1
        Follow.objects.filter(pk=follow.pk).update(last_digest_at=now)
    return sent


def _once(kind: str, object_id: int, day: datetime.date) -> bool:
    """True the first time (kind, object, day) is seen."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, object_id=object_id, day=day)
    except IntegrityError:
        return False
    return True


def _group_emails(name: str) -> list[tuple[str, str]]:
    """(email, language) of the group's active members: each is written to in their language."""
    User = get_user_model()
    return sorted(
        User.objects.filter(groups__name=name, is_active=True)
        .exclude(email="")
        .values_list("email", "language")
    )


def send_reminders(*, today: datetime.date | None = None, language: str | None = None) -> int:
    """Remind POCs of milestones due within a week and of overdue ones (once each), and forum
    reviewers of updates waiting more than three days (once each). Each person is written to in
    their own language, unless ``language`` forces one."""
    today = today or timezone.localdate()
    sent = 0
    open_milestones = Milestone.objects.filter(
        status__in=OPEN_STATUSES,
        end_date__isnull=False,
        end_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        commitment__live=True,
    ).select_related("commitment")
    members: dict[str, MemberPage | None] = {}
    for milestone in open_milestones:
        kind = "overdue" if milestone.end_date < today else "due_soon"
        path = milestone.commitment.path
        if path not in members:
            members[path] = member_of(milestone.commitment)
        member = members[path]
        recipients = _group_emails(poc_group_name(member)) if member else []
        if not recipients or not _once(kind, milestone.pk, milestone.end_date):
            continue
        for email, own_language in recipients:
            send_templated(
                to=email,
                language=language or own_language,
                template=f"{EMAILS}reminder_{kind}",
                context=lambda milestone=milestone: {
                    "milestone": milestone,
                    "commitment": milestone.commitment,
                    "url": absolute_url(milestone.commitment.url or ""),
                },
            )
            sent += 1
    cutoff = timezone.now() - datetime.timedelta(days=REVIEW_REMINDER_DAYS)
    sent += _remind_forum(
        ProgressUpdate.objects.filter(state__in=WAITING_STATES, submitted_at__lt=cutoff),
        "review_waiting",
        "reminder_review",
        _update_context,
        language,
    )
    return sent + _remind_forum(
        Rebaseline.objects.filter(state__in=WAITING_STATES, submitted_at__lt=cutoff),
        "rebaseline_waiting",
        "reminder_rebaseline",
        lambda rebaseline: {"rebaseline": rebaseline, "commitment": rebaseline.milestone.commitment},
        language,
    )


def _remind_forum(waiting, kind: str, template: str, context, language: str | None) -> int:
    """The member's forum reviewers, of each waiting update or re-baselining (once each)."""
    sent = 0
    for item in waiting.select_related("milestone__commitment"):
        member = member_of(item.milestone.commitment)
        recipients = _group_emails(forum_group_name(member)) if member else []
        if not recipients or not _once(kind, item.pk, item.submitted_at.date()):
            continue
        for email, own_language in recipients:
            send_templated(
                to=email,
                language=language or own_language,
                template=f"{EMAILS}{template}",
                context=lambda item=item: {
                    **context(item),
                    "queue_url": absolute_url(reverse("commitments:review_queue")),
                },
            )
            sent += 1
    return sent
