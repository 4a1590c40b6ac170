"""How the progress loop plugs into the record: what it adds to pages, and what it does when a
commitment is published."""

from __future__ import annotations

from wagtail.signals import page_published

from ..explorer.facts import facts_refresh_soon
from ..models import ActionPlanPage, CommitmentPage, MemberPage
from ..page_context import contributes_to, viewer_facts
from .rebaselines import milestone_rebaselines_reapply
from .selectors import following_for, progress_context, viewer_progress
from .services import milestone_statuses_reapply


def _user(request):
    return getattr(request, "user", None)


@contributes_to(MemberPage, ActionPlanPage, CommitmentPage, outside_shared=True)
def follow_box(page, request, context) -> dict:
    return {"following": following_for(_user(request), page)}


@viewer_facts(CommitmentPage)
def progress_viewer(page, request) -> dict:
    return viewer_progress(page, _user(request))


@contributes_to(CommitmentPage)
def commitment_progress(page, request, context) -> dict:
    return progress_context(page, milestones=context["milestones"], assessments=context["assessments"])


def on_commitment_published(sender, instance, **kwargs):
    """An old revision may carry an old milestone status, due date or title: approved progress
    and approved re-baselinings are the authority, so they are written again after every
    publish (and the explorer's facts follow)."""
    statuses = milestone_statuses_reapply([instance.pk])
    baselines = milestone_rebaselines_reapply([instance.pk])
    if statuses or baselines:
        facts_refresh_soon([instance.pk])


def connect() -> None:
    page_published.connect(on_commitment_published, sender=CommitmentPage, dispatch_uid="progress-reapply")
