"""Reads of the progress loop: approved progress per milestone, the commitment's timeline, the
review queue, who follows what."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from tracker.models import ancestor_paths

from ..flags import flags_for
from ..models import (
    WAITING_STATES,
    CommitmentPage,
    Follow,
    IRMAssessment,
    Milestone,
    ProgressUpdate,
    Rebaseline,
    UpdateState,
)
from ..permissions import can_post_update
from ..rules import MilestoneStatus, mean_progress, milestone_progress


def latest_approved(milestone_ids: Iterable[int]) -> dict[int, ProgressUpdate]:
    """Each milestone's latest approved update (later approvals supersede earlier ones)."""
    latest: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(
        milestone_id__in=list(milestone_ids), state=UpdateState.APPROVED
    ).order_by("decided_at", "pk"):
        latest[update.milestone_id] = update
    return latest


def milestones_progress_attach(milestones: list[Milestone], latest: dict[int, ProgressUpdate]) -> int | None:
    """Give each milestone its ``progress`` (percent) and ``latest_update`` (its latest approved
    update, or None) from ``latest`` (milestone pk → update); return the commitment's progress.
    The one place the rule is applied: commitment pages and PDF reports both call it."""
    for milestone in milestones:
        update = latest.get(milestone.pk)
        if update is not None:
            update.milestone = milestone  # already loaded: no query when a template asks
        milestone.latest_update = update
        milestone.progress = milestone_progress(
            status=milestone.status, approved_percent=update.percent_complete if update else None
        )
    return mean_progress([m.progress for m in milestones])


def progress_context(
    commitment: CommitmentPage,
    *,
    milestones: list[Milestone],
    assessments: list[IRMAssessment],
    now: datetime.datetime | None = None,
) -> dict:
    """The commitment page's progress loop: per-milestone progress (on the page's own list of
    milestones), timeline and flags. What the person looking may do is ``viewer_progress`` (in the
    page's viewer facts) and the follow box the receivers' ``follow_box``."""
    now = now or timezone.now()
    facts = commitment.loaded_facts()
    # The facts row knows when nothing was ever approved: then nothing is read.
    approved = (
        list(
            ProgressUpdate.objects.filter(milestone__commitment=commitment, state=UpdateState.APPROVED)
            .select_related("milestone")
            .order_by("decided_at", "pk")
        )
        if commitment.pk and (facts is None or facts.last_approved_update is not None)
        else []
    )
    latest: dict[int, ProgressUpdate] = {}
    for update in approved:  # in approval order: the last one wins
        latest[update.milestone_id] = update
    progress = milestones_progress_attach(milestones, latest)
    return {
        "progress": progress,
        # An approved re-baselining marks its milestone (``is_rebaselined``): none, nothing to read.
        "timeline": timeline(
            approved,
            assessments,
            approved_rebaselines(commitment) if any(m.is_rebaselined for m in milestones) else [],
        ),
        "flags": flags_for(facts, now),
        # Re-baselined milestones on time now but late against the original plan.
        "late_against_original": sum(1 for m in milestones if m.late_against_original_only),
    }


def viewer_progress(commitment: CommitmentPage, user) -> dict:
    """What the person looking may do with the commitment's progress (the page's shared parts
    are kept per these values)."""
    may_post = bool(user and user.is_authenticated) and can_post_update(user, commitment)
    return {
        "can_post_update": may_post,
        "can_rebaseline": may_post and bool(commitment.pk) and commitment.implementation_started(),
    }


def following_for(user, page: Page) -> Follow | None:
    """The follow that covers ``page`` for ``user`` (of it or of a page above it)."""
    if not (user and user.is_authenticated):
        return None
    return (
        Follow.objects.filter(user=user, page__path__in=ancestor_paths(page))
        .select_related("page")
        .order_by("-page__depth")
        .first()
    )


def followers_of(commitment: CommitmentPage):
    """Follows that cover a commitment: of it, its action plan or its member."""
    return Follow.objects.filter(page__path__in=ancestor_paths(commitment)).select_related("user", "page")


def waiting_updates(members) -> list[ProgressUpdate]:
    """Updates waiting for review on these members' commitments, oldest first."""
    q = Q()
    for member in members:
        q |= Q(milestone__commitment__path__startswith=member.path)
    if not q:
        return []
    return list(
        ProgressUpdate.objects.filter(q, state__in=WAITING_STATES)
        .select_related("milestone", "milestone__commitment", "author")
        .order_by("submitted_at")
    )


def approved_rebaselines(commitment: CommitmentPage) -> list[Rebaseline]:
    """A commitment's approved re-baselinings, in order of approval (one query; they carry
    their own before and after, so nothing else is read to show them)."""
    if not commitment.pk:
        return []
    return list(
        Rebaseline.objects.filter(milestone__commitment=commitment, state=UpdateState.APPROVED).order_by(
            "decided_at", "pk"
        )
    )


def waiting_rebaselines(members) -> list[Rebaseline]:
    """Re-baselinings waiting for review on these members' commitments, oldest first."""
    q = Q()
    for member in members:
        q |= Q(milestone__commitment__path__startswith=member.path)
    if not q:
        return []
    return list(
        Rebaseline.objects.filter(q, state__in=WAITING_STATES)
        .select_related("milestone", "milestone__commitment", "author")
        .order_by("submitted_at")
    )


def open_rebaselines(author) -> list[Rebaseline]:
    """An author's proposals not yet approved (drafts, waiting, returned)."""
    return list(
        Rebaseline.objects.filter(author=author)
        .exclude(state=UpdateState.APPROVED)
        .select_related("milestone__commitment")
        .order_by("-pk")
    )


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # "update", "status", "rebaseline" or "irm"
    update: ProgressUpdate | None = None
    assessment: IRMAssessment | None = None
    rebaseline: Rebaseline | None = None
    previous_status: str = ""
    year_only: bool = False


def timeline(
    approved: list[ProgressUpdate],
    assessments: list[IRMAssessment],
    rebaselines: list[Rebaseline] = (),
) -> list[TimelineEntry]:
    """Approved updates, the status changes they made, approved re-baselinings (on the day of
    their approval) and IRM assessments, newest first."""
    entries: list[TimelineEntry] = []
    status: dict[int, str] = {}
    for update in approved:  # in order of approval
        before = status.get(update.milestone_id, MilestoneStatus.SCHEDULED)
        entries.append(TimelineEntry(update.as_of, "update", update=update))
        if update.status != before:
            entries.append(TimelineEntry(update.as_of, "status", update=update, previous_status=before))
        status[update.milestone_id] = update.status
    for assessment in assessments:
        if assessment.publication_year:
            entries.append(
                TimelineEntry(
                    datetime.date(assessment.publication_year, 1, 1),
                    "irm",
                    assessment=assessment,
                    year_only=True,
                )
            )
    for rebaseline in rebaselines:
        day = timezone.localdate(rebaseline.decided_at) if rebaseline.decided_at else timezone.localdate()
        entries.append(TimelineEntry(day, "rebaseline", rebaseline=rebaseline))
    order = {"irm": 0, "update": 1, "status": 2, "rebaseline": 3}
    entries.sort(key=lambda e: (e.date, order[e.kind]), reverse=True)
    return entries
