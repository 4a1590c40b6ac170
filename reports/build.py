"""The context and HTML of a report: what the templates in templates/reports/pdf/ are given.

Built on the same selectors and roll-ups as the pages, so a report says what the site says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page

from commitments.cases.selectors import commitment_cases
from commitments.fieldwork.selectors import you_said_we_did_for
from commitments.models import ActionPlanPage, CommitmentPage, MemberPage
from commitments.numbering import in_plan_order
from commitments.progress.selectors import latest_approved, milestones_progress_attach
from commitments.rollups import Rollup, rollup_from_rows
from commitments.rules import mean_progress
from commitments.selectors import (
    CommitmentRow,
    CommitmentSections,
    commitment_rows,
    commitment_sections,
    commitments_for_rollups,
)
from tracker.site_url import site_url

from . import civil_society
from .fetcher import BASE_URL
from .models import Report


@dataclass
class Section:
    """One commitment, as its section of a report shows it."""

    row: CommitmentRow
    permalink: str
    parts: CommitmentSections
    progress: int | None = None  # percent, from the milestones (approved updates included)
    latest_update: object | None = None  # the commitment's most recent approved update
    civil_society: object | None = None  # its "Who says what" (commitments.scores.voices)
    cases: list = field(default_factory=list)  # its feedback cases, with their events
    consultations: list = field(default_factory=list)  # "you said, we did" (fieldwork)

    @property
    def page(self) -> CommitmentPage:
        return self.row.page

    @property
    def milestones(self) -> list:
        return self.parts.milestones

    @property
    def triangle(self) -> list:
        return self.parts.golden_triangle

    @property
    def assessments(self) -> list:
        return self.parts.assessments


@dataclass
class PlanPart:
    plan: ActionPlanPage
    rollup: Rollup
    sections: list[Section] = field(default_factory=list)
    consultations: list = field(default_factory=list)  # the plan's own "you said, we did"

    @property
    def progress(self) -> int | None:
        return mean_progress([s.progress for s in self.sections])


def _attach_progress(sections: list[Section]) -> None:
    """Each milestone's progress and latest approved update, each section's progress and latest
    update: the same rules as the commitment page (one query for the whole report)."""
    latest = latest_approved(m.pk for s in sections for m in s.milestones)
    for section in sections:
        section.progress = milestones_progress_attach(section.milestones, latest)
        updates = [m.latest_update for m in section.milestones if m.latest_update]
        section.latest_update = max(updates, key=lambda u: (u.decided_at, u.pk), default=None)


def _attach_consultations(parts: list[PlanPart], with_plans: bool) -> None:
    """Each commitment's consultations (and each plan's, in plan and member reports): the
    commitment page's "you said, we did", in a fixed number of queries for the whole report."""
    sections = [s for part in parts for s in part.sections]
    by_commitment, by_plan = you_said_we_did_for(
        commitment_ids=[s.page.pk for s in sections],
        plan_ids=[part.plan.pk for part in parts] if with_plans else [],
    )
    for section in sections:
        section.consultations = by_commitment.get(section.page.pk, [])
    for part in parts:
        part.consultations = by_plan.get(part.plan.pk, []) if with_plans else []


def kind_of(page: Page) -> str | None:
    """The kind of report a page gives, or None if it gives none."""
    specific = page.specific_class
    if specific is MemberPage:
        return Report.Kind.MEMBER
    if specific is ActionPlanPage:
        return Report.Kind.ACTION_PLAN
    if specific is CommitmentPage:
        return Report.Kind.COMMITMENT
    return None


def _site_root() -> str:
    """Links in a report lead to the site's configured address (``WAGTAILADMIN_BASE_URL``), not
    to Wagtail's ``Site.root_url``, which the migrations leave at ``http://localhost``."""
    return site_url()


def _page_path(page: Page) -> str:
    """The page's path on the site, without Wagtail's idea of the host."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def _section(row: CommitmentRow, root: str) -> Section:
    return Section(
        row=row,
        permalink=root + reverse("commitments:permalink", kwargs={"ogp_id": row.page.ogp_id}),
        parts=commitment_sections(row.page),
    )


def _plan_part(plan: ActionPlanPage, root: str) -> PlanPart:
    rows = in_plan_order(commitment_rows(commitments_for_rollups().child_of(plan)))
    return PlanPart(plan=plan, rollup=rollup_from_rows(rows), sections=[_section(row, root) for row in rows])


def report_context(report: Report) -> dict:
    """Everything the report's template needs; call with the report's language active."""
    if report.kind == Report.Kind.SHADOW:
        return civil_society.shadow_context(report, _page_x_of_y())
    page = report.page.specific
    root = _site_root()
    member = plan = None
    if report.kind == Report.Kind.MEMBER:
        member = page
        plans = ActionPlanPage.objects.live().child_of(member).order_by("start_year", "number")
        parts = [_plan_part(p, root) for p in plans]
        title = _("%(member)s: progress report") % {"member": member.display_name}
    elif report.kind == Report.Kind.ACTION_PLAN:
        plan = page
        member = plan.get_parent().specific
        parts = [_plan_part(plan, root)]
        title = _("%(plan)s: progress report") % {"plan": plan.label}
    else:
        plan = page.get_parent().specific
        member = plan.get_parent().specific
        rows = commitment_rows(commitments_for_rollups().filter(pk=page.pk))
        parts = [
            PlanPart(plan=plan, rollup=rollup_from_rows(rows), sections=[_section(r, root) for r in rows])
        ]
        title = _("%(id)s: commitment report") % {"id": page.ogp_id}
    sections = [s for part in parts for s in part.sections]
    _attach_progress(sections)
    civil_society.sections_attach(sections)
    if report.kind == Report.Kind.COMMITMENT:
        for section in sections:
            section.cases = commitment_cases(section.page.pk)
    _attach_consultations(parts, with_plans=report.kind != Report.Kind.COMMITMENT)
    return {
        "report": report,
        "kind": report.kind,
        "title": title,
        "member": member,
        "plan": plan,
        "parts": parts,
        "summary": rollup_from_rows([s.row for s in sections]),
        "progress": mean_progress([p.progress for p in parts]),
        "generated_at": timezone.now(),
        "data_changed_at": report.data_changed_at,
        "data_as_of": report.created_at or timezone.now(),
        "site_root": root,
        "page_url": root + _page_path(page),
        "language": report.language,
        "page_x_of_y": _page_x_of_y(),
        "scorecards": civil_society.plan_scorecards([part.plan for part in parts])
        if report.kind != Report.Kind.COMMITMENT
        else [],
    }


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_x_of_y() -> str:
    """CSS content for "Page X of Y" in the active language (the numbers are CSS counters)."""
    marked = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    out = []
    for piece in marked.split("\0"):
        if piece in ("page", "pages"):
            out.append(f"counter({piece})")
        elif piece:
            out.append(_css_string(piece))
    return " ".join(out)


def report_html(report: Report) -> str:
    with translation.override(report.language):
        template = (
            "reports/pdf/shadow.html" if report.kind == Report.Kind.SHADOW else "reports/pdf/report.html"
        )
        return render_to_string(template, report_context(report))


__all__ = ["BASE_URL", "kind_of", "report_context", "report_html"]
