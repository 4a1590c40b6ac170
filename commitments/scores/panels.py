"""What civil-society scores add to the record's pages (registered from ``apps.ready``)."""

from __future__ import annotations

from ..models import ActionPlanPage, CommitmentPage, MemberPage
from ..page_context import contributes_to
from .scorecard import scorecards
from .voices import who_says_what


@contributes_to(CommitmentPage)
def who_says_what_panel(page, request, context) -> dict:
    plan = next((p for p in context.get("breadcrumbs", []) if isinstance(p, ActionPlanPage)), None)
    return {
        "who_says_what": who_says_what(
            page,
            milestones=context.get("milestones", []),
            assessments=context.get("assessments", []),
            plan=plan,
        )
    }


@contributes_to(ActionPlanPage)
def plan_scorecard(page, request, context) -> dict:
    return {"scorecards": scorecards([page.pk])}


@contributes_to(MemberPage)
def member_scorecard(page, request, context) -> dict:
    plans = ActionPlanPage.objects.child_of(page).values_list("pk", flat=True)
    return {"scorecards": scorecards(plans), "scorecard_show_plan": True}
