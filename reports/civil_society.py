"""Civil-society scores in the PDF reports: the "Who says what" of each commitment, the plan's
or member's scorecard per round, and the shadow report (an organisation's own scores across a
plan in one round). Built on ``commitments.scores``, so a report says what the pages say.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import ActionPlanPage
from commitments.scores.scorecard import scorecards
from commitments.scores.shadow import shadow_rows
from commitments.scores.voices import who_says_what
from tracker.site_url import site_url

from .models import Report


def sections_attach(sections: list) -> None:
    """Give each report section its ``civil_society`` (a WhoSaysWhat, or None)."""
    for section in sections:
        section.civil_society = who_says_what(
            section.page, milestones=section.milestones, assessments=section.assessments
        )


def plan_scorecards(plans: list[ActionPlanPage]) -> list:
    return scorecards([plan.pk for plan in plans])


def shadow_context(report: Report, page_x_of_y: str) -> dict:
    plan = report.page.specific
    member = plan.get_parent().specific
    organisation, scoring_round = report.organisation, report.scoring_round
    root = site_url()
    rows = shadow_rows(plan, scoring_round, organisation)
    return {
        "report": report,
        "kind": report.kind,
        "title": _("%(organisation)s: shadow report on %(plan)s, %(round)s")
        % {"organisation": organisation.name, "plan": plan.label, "round": scoring_round.name},
        "member": member,
        "plan": plan,
        "organisation": organisation,
        "scoring_round": scoring_round,
        "rows": rows,
        "scored": sum(1 for row in rows if row.version),
        "generated_at": timezone.now(),
        "data_changed_at": report.data_changed_at,
        "data_as_of": report.created_at or timezone.now(),
        "site_root": root,
        "page_url": root + reverse("commitments:scoring"),
        "permalink_root": root,
        "language": report.language,
        "page_x_of_y": page_x_of_y,
    }
