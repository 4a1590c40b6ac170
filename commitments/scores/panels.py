"""What civil-society scores add to the record's pages (registered from ``apps.ready``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from ..models import ActionPlanPage, CommitmentPage, MemberPage
from ..page_context import contributes_to, known_empty, routing_check
from .facts import public_scores
from .scorecard import scorecards
from .voices import who_says_what


@routing_check("public_scores")
def has_public_scores():
    return Exists(public_scores(commitment_id=OuterRef("pk")))


@contributes_to(CommitmentPage)
def who_says_what_panel(page, request, context) -> dict:
    if known_empty(page, "public_scores"):
        return {"who_says_what": None}  # as who_says_what() answers without a published score
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
    plans = ActionPlanPage.objects.child_of(page).values("pk")  # a subquery: no query of its own
    return {"scorecards": scorecards(plans), "scorecard_show_plan": True}
