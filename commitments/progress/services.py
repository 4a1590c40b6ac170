"""Services of the progress loop: updates and their review, milestone status, follows.

Keyword-only, typed, validated, one transaction each; every step asks ``permissions`` and is
recorded as an ``UpdateEvent``.

How approved progress meets page revisions: a milestone is part of its commitment page, so an
editor can publish an old revision of the page. The approved update is the authority: its
status is written to the live milestone on approval, and written again after every publish of
the commitment (``milestone_statuses_reapply``, called from the publish signal before the
explorer's facts are refreshed). Publishing an old revision therefore never rolls an approved
status back; an editor's status stands only for milestones nobody has reported on yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..explorer.facts import facts_refresh_soon
from ..history.attribution import recording
from ..models import Follow, Milestone, ProgressUpdate, UpdateEvent, UpdateState
from ..rules import MilestoneStatus
from .notifications import notify_followers_of_approval
from .selectors import latest_approved


def _event(update: ProgressUpdate, actor, action: str, note: str = "") -> UpdateEvent:
    return UpdateEvent.objects.create(update=update, actor=actor, action=action, note=note)


def _refresh_facts(update: ProgressUpdate) -> None:
    facts_refresh_soon([update.milestone.commitment_id])


@transaction.atomic
def progress_update_save(
    *,
    actor,
    status: str,
    percent_complete: int,
    narrative: str,
    as_of: datetime.date | None = None,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    submit: bool = False,
    milestone: Milestone | None = None,
    update: ProgressUpdate | None = None,
) -> tuple[ProgressUpdate, str]:
    """Save a POC's update and, if asked, send it to the forum, in one transaction.

    A new update (``milestone`` given) is created as a draft; an existing one (``update``
    given: a draft or a returned update) is revised. With ``submit``, a draft is submitted and
    a returned update resubmitted: this service decides which. Returns the update and what
    happened to it: "draft", "saved", "submitted" or "resubmitted".
    """
    values = {
        "status": status,
        "percent_complete": percent_complete,
        "narrative": narrative,
        "evidence_file": evidence_file,
        "evidence_url": evidence_url,
    }
    if update is None:
        if milestone is None:
            raise ValueError("progress_update_save needs a milestone or an update")
        update = progress_update_create(milestone=milestone, author=actor, as_of=as_of, **values)
        outcome = "draft"
    else:
        update = progress_update_revise(update=update, actor=actor, as_of=as_of or update.as_of, **values)
        outcome = "saved"
    if not submit:
        return update, outcome
    if update.state == UpdateState.RETURNED:
        return progress_update_resubmit(update=update, actor=actor), "resubmitted"
    return progress_update_submit(update=update, actor=actor), "submitted"


@transaction.atomic
def progress_update_create(
    *,
    milestone: Milestone,
    author,
    status: str,
    percent_complete: int,
    narrative: str,
    as_of: datetime.date | None = None,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    submit: bool = False,
) -> ProgressUpdate:
    """A POC's new update, kept as a draft or submitted at once."""
    if not permissions.can_post_update(author, milestone.commitment):
        raise PermissionDenied(_("You may not post updates on this commitment."))
    update = ProgressUpdate(
        milestone=milestone,
        author=author,
        status=status,
        percent_complete=percent_complete,
        narrative=narrative,
        as_of=as_of or timezone.localdate(),
        evidence_url=evidence_url,
    )
    if evidence_file:
        update.evidence_file = evidence_file
    update.full_clean()
    update.save()
    _event(update, author, UpdateEvent.Action.CREATED)
    if submit:
        return progress_update_submit(update=update, actor=author)
    return update


@transaction.atomic
def progress_update_revise(
    *,
    update: ProgressUpdate,
    actor,
    status: str,
    percent_complete: int,
    narrative: str,
    as_of: datetime.date,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> ProgressUpdate:
    """Change a draft or a returned update (an approved one is final: post a new one)."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not permissions.can_edit_update(actor, update):
        raise PermissionDenied(_("This update can no longer be changed."))
    update.status = status
    update.percent_complete = percent_complete
    update.narrative = narrative
    update.as_of = as_of
    update.evidence_url = evidence_url
    if evidence_file:
        update.evidence_file = evidence_file
    update.full_clean()
    update.save()
    return update


def _send_for_review(
    *, update: ProgressUpdate, actor, ready: str, sent: str, action: str, refusal
) -> ProgressUpdate:
    """Move an update from ``ready`` (draft or returned) to ``sent`` (waiting for the forum)."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != ready or not permissions.can_edit_update(actor, update):
        raise PermissionDenied(refusal)
    update.state = sent
    update.submitted_at = timezone.now()
    update.full_clean()
    update.save(update_fields=["state", "submitted_at"])
    _event(update, actor, action)
    _refresh_facts(update)
    return update


@transaction.atomic
def progress_update_submit(*, update: ProgressUpdate, actor) -> ProgressUpdate:
    return _send_for_review(
        update=update,
        actor=actor,
        ready=UpdateState.DRAFT,
        sent=UpdateState.SUBMITTED,
        action=UpdateEvent.Action.SUBMITTED,
        refusal=_("Only a draft can be submitted."),
    )


@transaction.atomic
def progress_update_resubmit(*, update: ProgressUpdate, actor) -> ProgressUpdate:
    return _send_for_review(
        update=update,
        actor=actor,
        ready=UpdateState.RETURNED,
        sent=UpdateState.RESUBMITTED,
        action=UpdateEvent.Action.RESUBMITTED,
        refusal=_("Only a returned update can be resubmitted."),
    )


@transaction.atomic
def progress_update_return_(*, update: ProgressUpdate, reviewer, reason: str) -> ProgressUpdate:
    """Send a waiting update back to its author with the reason."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not permissions.can_review_update(reviewer, update):
        raise PermissionDenied(_("You may not review this update."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the update is returned.")})
    update.state = UpdateState.RETURNED
    update.return_reason = reason
    update.decided_at = timezone.now()
    update.decided_by = reviewer
    update.save(update_fields=["state", "return_reason", "decided_at", "decided_by"])
    _event(update, reviewer, UpdateEvent.Action.RETURNED, reason)
    _refresh_facts(update)
    return update


@transaction.atomic
def progress_update_approve(*, update: ProgressUpdate, reviewer) -> ProgressUpdate:
    """Approve a waiting update: it becomes final and sets its milestone's public status."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not permissions.can_review_update(reviewer, update):
        raise PermissionDenied(_("You may not review this update."))
    update.state = UpdateState.APPROVED
    update.decided_at = timezone.now()
    update.decided_by = reviewer
    update.save(update_fields=["state", "decided_at", "decided_by"])
    _event(update, reviewer, UpdateEvent.Action.APPROVED)
    with recording(actor=reviewer):  # the status change is the forum's, in the change log
        milestone_statuses_reapply([update.milestone.commitment_id])
    _refresh_facts(update)
    transaction.on_commit(lambda: notify_followers_of_approval(update.pk))
    return update


def milestone_statuses_reapply(commitment_ids: Iterable[int]) -> int:
    """Write each reported milestone's status from its latest approved update. Returns how
    many milestones changed. (Queryset updates: the caller refreshes the facts.)"""
    milestones = Milestone.objects.filter(commitment_id__in=list(commitment_ids), updates__isnull=False)
    latest = latest_approved(milestones.values_list("pk", flat=True).distinct())
    changed = 0
    for milestone in Milestone.objects.filter(pk__in=latest):
        update = latest[milestone.pk]
        date_met = update.as_of if update.status == MilestoneStatus.MET else None
        if milestone.status != update.status or milestone.date_met != date_met:
            # Saved, not updated in bulk: the change log records the new status.
            milestone.status, milestone.date_met = update.status, date_met
            milestone.save(update_fields=["status", "date_met"])
            changed += 1
    return changed


# -- following ---------------------------------------------------------------------------------


@transaction.atomic
def follow_create(
    *, user, page, frequency: str = Follow.Frequency.IMMEDIATE, language: str | None = None
) -> Follow:
    """Follow a page (again: the frequency and the emails' language are updated)."""
    if not permissions.can_follow(user):
        raise PermissionDenied(_("Sign in to follow."))
    defaults = {"frequency": frequency}
    if language:
        defaults["language"] = language
    follow, _created = Follow.objects.update_or_create(user=user, page_id=page.pk, defaults=defaults)
    follow.full_clean()
    return follow


@transaction.atomic
def follow_delete(*, user, page) -> int:
    deleted, _detail = Follow.objects.filter(user=user, page_id=page.pk).delete()
    return deleted
