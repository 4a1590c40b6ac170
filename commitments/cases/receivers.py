"""How cases plug into the record's pages: the commitment's cases (a panel and entries on its
timeline) and the responsiveness scorecards of plans and members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

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
    cases = [] if known_empty(page, "cases") else selectors.commitment_cases(page.pk)
    now = timezone.now()
    entries = [CaseTimelineEntry(timezone.localdate(case.filed_at), case) for case in cases]
    timeline = sorted([*context.get("timeline", []), *entries], key=lambda entry: entry.date, reverse=True)
    user = getattr(request, "user", None)
    return {
        "cases": [(case, selectors.deadline_view(case, now)) for case in cases],
        "cases_panel": True,
        "timeline": timeline,
        "may_file_case": permissions.can_file(user),
    }


@contributes_to(MemberPage)
def member_scorecard(page, request, context) -> dict:
    card, rows = scorecards.page_scorecards(f"member-{page.pk}", scorecards.member_cases(page))
    return {"case_scorecard": card, "case_scorecard_rows": rows}


@contributes_to(ActionPlanPage)
def plan_scorecard(page, request, context) -> dict:
    cases = Case.objects.filter(commitment__path__startswith=page.path)
    card, rows = scorecards.page_scorecards(f"plan-{page.pk}", cases)
    return {"case_scorecard": card, "case_scorecard_rows": rows}


def connect() -> None:
    """Nothing to connect: the page contributors above, and the facts' column (``facts``,
    imported here), register when this module is imported from AppConfig.ready()."""
