"""Services of re-baselining: a milestone's due date or scope changes after the start of
implementation only through the forum.

A POC proposes a change with a reason; it is a draft or goes to the forum at once, and follows
an update's life: submitted, returned with a reason, resubmitted, approved (the states,
permission rules and events' actions are the update's). Only approval changes the milestone;
the first approval also keeps the milestone's original due date and scope (its baseline), so
lateness can be measured against both.

Milestones are part of their commitment page, so publishing an old revision could bring back
an old due date or title: ``milestone_rebaselines_reapply`` writes the approved ones again
after every publish, as ``services.milestone_statuses_reapply`` does for statuses.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..explorer.facts import facts_refresh_soon
from ..history.attribution import recording
from ..models import Milestone, Rebaseline, RebaselineEvent, UpdateEvent, UpdateState
from .notifications import notify_followers_of_rebaseline


def _event(rebaseline: Rebaseline, actor, action: str, note: str = "") -> RebaselineEvent:
    return RebaselineEvent.objects.create(rebaseline=rebaseline, actor=actor, action=action, note=note)


def _take_previous(rebaseline: Rebaseline, milestone: Milestone) -> None:
    """The "from" of the change: the milestone as it stands now."""
    rebaseline.previous_title = milestone.title
    rebaseline.previous_expected_output = milestone.expected_output
    rebaseline.previous_end_date = milestone.end_date


@transaction.atomic
def rebaseline_save(
    *,
    actor,
    reason: str,
    new_title: str,
    new_expected_output: str = "",
    new_end_date: datetime.date | None = None,
    submit: bool = False,
    milestone: Milestone | None = None,
    rebaseline: Rebaseline | None = None,
) -> tuple[Rebaseline, str]:
    """Propose a change (``milestone`` given) or revise a draft or returned one
    (``rebaseline`` given) and, with ``submit``, send it to the forum. Returns the re-baselining
    and what happened: "draft", "saved", "submitted" or "resubmitted"."""
    values = {
        "reason": reason.strip(),
        "new_title": new_title.strip(),
        "new_expected_output": new_expected_output.strip(),
        "new_end_date": new_end_date,
    }
    if rebaseline is None:
        if milestone is None:
            raise ValueError("rebaseline_save needs a milestone or a rebaseline")
        milestone = Milestone.objects.select_related("commitment").get(pk=milestone.pk)
        if not permissions.can_propose_rebaseline(actor, milestone.commitment):
            raise PermissionDenied(_("You may not propose changes to this milestone."))
        rebaseline = Rebaseline(milestone=milestone, author=actor, **values)
        _take_previous(rebaseline, milestone)
        rebaseline.full_clean()
        rebaseline.save()
        _event(rebaseline, actor, UpdateEvent.Action.CREATED)
        outcome = "draft"
    else:
        rebaseline = Rebaseline.objects.select_for_update().select_related("milestone").get(pk=rebaseline.pk)
        if not permissions.can_edit_update(actor, rebaseline):
            raise PermissionDenied(_("This proposal can no longer be changed."))
        for name, value in values.items():
            setattr(rebaseline, name, value)
        _take_previous(rebaseline, rebaseline.milestone)
        rebaseline.full_clean()
        rebaseline.save()
        outcome = "saved"
    if not submit:
        return rebaseline, outcome
    if rebaseline.state == UpdateState.RETURNED:
        return _send(
            rebaseline, actor, UpdateState.RESUBMITTED, UpdateEvent.Action.RESUBMITTED
        ), "resubmitted"
    return _send(rebaseline, actor, UpdateState.SUBMITTED, UpdateEvent.Action.SUBMITTED), "submitted"


def _send(rebaseline: Rebaseline, actor, state: str, action: str) -> Rebaseline:
    rebaseline.state = state
    rebaseline.submitted_at = timezone.now()
    rebaseline.save(update_fields=["state", "submitted_at"])
    _event(rebaseline, actor, action)
    return rebaseline


@transaction.atomic
def rebaseline_return_(*, rebaseline: Rebaseline, reviewer, reason: str) -> Rebaseline:
    """Send a waiting proposal back to its author with the reason; the milestone is unchanged."""
    rebaseline = Rebaseline.objects.select_for_update().select_related("milestone").get(pk=rebaseline.pk)
    if not permissions.can_review_update(reviewer, rebaseline):
        raise PermissionDenied(_("You may not review this proposal."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is returned.")})
    rebaseline.state = UpdateState.RETURNED
    rebaseline.return_reason = reason
    rebaseline.decided_at = timezone.now()
    rebaseline.decided_by = reviewer
    rebaseline.save(update_fields=["state", "return_reason", "decided_at", "decided_by"])
    _event(rebaseline, reviewer, UpdateEvent.Action.RETURNED, reason)
    return rebaseline


@transaction.atomic
def rebaseline_approve(*, rebaseline: Rebaseline, reviewer) -> Rebaseline:
    """Approve a waiting proposal: the milestone takes the new due date and scope, and keeps its
    original ones if this is its first re-baselining."""
    rebaseline = Rebaseline.objects.select_for_update().select_related("milestone").get(pk=rebaseline.pk)
    if not permissions.can_review_update(reviewer, rebaseline):
        raise PermissionDenied(_("You may not review this proposal."))
    milestone = Milestone.objects.select_for_update().get(pk=rebaseline.milestone_id)
    _take_previous(rebaseline, milestone)  # what it changes from, at the moment it changes
    rebaseline.state = UpdateState.APPROVED
    rebaseline.decided_at = timezone.now()
    rebaseline.decided_by = reviewer
    rebaseline.save()
    _event(rebaseline, reviewer, UpdateEvent.Action.APPROVED)
    with recording(actor=reviewer):  # the new due date is the forum's, in the change log
        milestone_rebaselines_reapply([milestone.commitment_id])
    facts_refresh_soon([milestone.commitment_id])
    transaction.on_commit(lambda: notify_followers_of_rebaseline(rebaseline.pk))
    return rebaseline


def milestone_rebaselines_reapply(commitment_ids: Iterable[int]) -> int:
    """Write each re-baselined milestone's due date and scope from its latest approved
    re-baselining, and its baseline from its first. Returns how many milestones changed.
    (The caller refreshes the facts.)"""
    approved = Rebaseline.objects.filter(
        milestone__commitment_id__in=list(commitment_ids), state=UpdateState.APPROVED
    ).order_by("decided_at", "pk")
    first: dict[int, Rebaseline] = {}
    latest: dict[int, Rebaseline] = {}
    for rebaseline in approved:
        first.setdefault(rebaseline.milestone_id, rebaseline)
        latest[rebaseline.milestone_id] = rebaseline
    changed = 0
    for milestone in Milestone.objects.filter(pk__in=list(latest)):
        values = {
            "title": latest[milestone.pk].new_title,
            "expected_output": latest[milestone.pk].new_expected_output,
            "end_date": latest[milestone.pk].new_end_date,
            "original_title": first[milestone.pk].previous_title,
            "original_expected_output": first[milestone.pk].previous_expected_output,
            "original_end_date": first[milestone.pk].previous_end_date,
        }
        if any(getattr(milestone, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(milestone, name, value)
            # Saved, not a queryset update, so that the public change log records the change.
            milestone.save(update_fields=list(values))
            changed += 1
    return changed
