"""How cases plug into the record's pages: the commitment's cases (a panel and entries on its
timeline) and the responsiveness scorecards of plans and members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from wagtail.signals import post_page_move

from ..models import ActionPlanPage, CommitmentPage, MemberPage
from ..page_context import contributes_to, known_empty, routing_check
from . import facts, permissions, scorecards, selectors  # noqa: F401  (facts registers its column)
from .models import Case


@dataclass(frozen=True)
class CaseTimelineEntry:
    """A case on the commitment's timeline, beside progress's entries (same attributes)."""

    date: datetime.date
    case: Case
    kind: str = "case"
    year_only: bool = False


@routing_check("cases")
def has_cases():
    return Exists(Case.objects.filter(commitment_id=OuterRef("pk")))


@contributes_to(CommitmentPage)
def commitment_cases(page, request, context) -> dict:
    cases = [] if known_empty(page, "cases") else selectors.commitment_page_cases(page.pk)
    now = timezone.now()
    entries = [CaseTimelineEntry(timezone.localdate(case.filed_at), case) for case in cases]
    timeline = sorted([*context.get("timeline", []), *entries], key=lambda entry: entry.date, reverse=True)
    return {
        "cases": [(case, selectors.deadline_view(case, now)) for case in cases],
        "cases_panel": True,
        "timeline": timeline,
    }


@contributes_to(MemberPage)
def member_scorecard(page, request, context) -> dict:
    card, rows = scorecards.member_scorecards(page)
    return {"case_scorecard": card, "case_scorecard_rows": rows}


@contributes_to(ActionPlanPage)
def plan_scorecard(page, request, context) -> dict:
    card, rows = scorecards.plan_scorecards(page)
    return {"case_scorecard": card, "case_scorecard_rows": rows}


def plans_after_a_move(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    """A commitment moved to another plan takes its cases along: both plans' stored scorecards
    are recomputed."""
    plan_ids = list(
        ActionPlanPage.objects.filter(pk__in=[parent_page_before.pk, parent_page_after.pk]).values_list(
            "pk", flat=True
        )
    )
    if plan_ids and Case.objects.filter(commitment__path__startswith=instance.path).exists():
        scorecards.scorecards_refresh(plan_ids=plan_ids)


def connect() -> None:
    """The page contributors above, and the facts' column (``facts``, imported here), register
    when this module is imported from AppConfig.ready(); a moved page refreshes plans' scorecards."""
    post_page_move.connect(plans_after_a_move, dispatch_uid="cases_plans_after_a_move")
