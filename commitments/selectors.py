"""Reads that matter, and the public way to read a commitment.

Pages, the explorer, the exports and the PDF reports read a commitment through these:

- ``commitment_rows()``: commitments as rows of a table or a roll-up (``CommitmentRow``),
  from ``commitments_for_rollups()`` (four queries however many commitments);
- ``commitment_sections()``: what a commitment's page and its section of a report show
  (``CommitmentSections``: milestones, the Golden Triangle, IRM assessments, policy areas);
- ``roles_in_order()`` and ``golden_triangle()``: stakeholder roles in role order, grouped by
  sector in ``SECTOR_ORDER``;
- each milestone's latest approved update belongs to the progress loop:
  ``commitments.progress.selectors.latest_approved``.

Page contexts take a fixed number of queries however big the record.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.db.models.functions import Substr
from django.utils import timezone

from wagtail.models import Page

from tracker.collation import sorted_by_name
from tracker.models import GOLDEN_TRIANGLE, SECTOR_ORDER, Organisation

from . import irm
from .models import (
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from .numbering import in_plan_order
from .rollups import rollup_from_rows
from .rules import LATE, MilestoneStatus, mean_progress

# Lead implementers first, then the other roles in the order they are defined.
ROLE_ORDER = {role: index for index, role in enumerate(StakeholderRole.Role.values)}


@dataclass
class SectorGroup:
    sector: str
    label: str
    roles: list[StakeholderRole] = field(default_factory=list)

    @property
    def is_golden_triangle_corner(self) -> bool:
        return self.sector in GOLDEN_TRIANGLE


def roles_in_order(roles) -> list[StakeholderRole]:
    """Stakeholder roles, lead implementers first, then the other roles in their defined order."""
    return sorted(roles, key=lambda r: (ROLE_ORDER.get(r.role, len(ROLE_ORDER)), r.sort_order or 0))


def golden_triangle(roles: list[StakeholderRole]) -> list[SectorGroup]:
    """Stakeholder roles grouped by sector: the three corners always, other sectors when present."""
    groups = {sector: SectorGroup(sector=sector, label=str(sector.label)) for sector in SECTOR_ORDER}
    for role in roles:
        groups[role.organisation.sector].roles.append(role)
    return [g for g in groups.values() if g.roles or g.is_golden_triangle_corner]


def milestone_summary(milestones: list[Milestone]) -> dict[str, int]:
    lateness = Counter(m.lateness for m in milestones)
    return {
        "total": len(milestones),
        "met": sum(1 for m in milestones if m.status == MilestoneStatus.MET),
        "late": sum(lateness[value] for value in LATE),
    }


def latest_assessment(assessments: list[IRMAssessment]) -> IRMAssessment | None:
    """The most recent IRM report of a commitment (end of term or results over the first)."""
    order = {"progress": 0, "action_plan_review": 0, "end_of_term": 1, "results": 1}
    if not assessments:
        return None
    return max(assessments, key=lambda a: (a.publication_year or 0, order.get(a.report_type, 0)))


def commitment_star(assessments: list[IRMAssessment]) -> bool | None:
    """A commitment's star: its latest scored report's, as OGP's "Max star" column.

    Starred at mid-term and not at the end of term is not starred; reports with no star (OGP
    published none, or the 2021 method) are skipped; None when no report has a star.
    """
    ordered = sorted(assessments, key=lambda a: irm.report_order(a.report_type, a.publication_year))
    return irm.latest_scored_star(a.starred for a in ordered)


# -- one commitment -----------------------------------------------------------------------------


@dataclass
class CommitmentSections:
    """What a commitment's page and its section of a report show, in display order."""

    page: CommitmentPage
    milestones: list[Milestone]
    milestone_summary: dict[str, int]
    golden_triangle: list[SectorGroup]
    assessments: list[IRMAssessment]

    @cached_property
    def policy_areas(self) -> list[PolicyArea]:
        """Read when shown (one query, none when prefetched)."""
        return sorted(self.page.policy_areas.all(), key=lambda area: area.name)


def commitment_sections(commitment: CommitmentPage) -> CommitmentSections:
    """Read through the page's own relations: prefetched ones cost no query, and an editor's
    preview shows its unsaved milestones, roles and policy areas. The roles come with their
    organisations (one query), or the organisations in one query when the roles are in memory."""
    prefetched = "stakeholder_roles" in getattr(commitment, "_prefetched_objects_cache", {})
    roles = list(
        commitment.stakeholder_roles.all()
        if prefetched
        else commitment.stakeholder_roles.select_related("organisation")  # a preview's: as edited
    )
    prefetch_related_objects(roles, "organisation")
    milestones = sorted(
        commitment.milestones.all(),
        key=lambda m: (m.sort_order or 0, m.end_date is None, m.end_date or datetime.date.min),
    )
    assessments = sorted(
        commitment.irm_assessments.all() if commitment.pk else [],
        key=lambda a: (a.publication_year is None, a.publication_year or 0, a.report_type),
    )
    return CommitmentSections(
        page=commitment,
        milestones=milestones,
        milestone_summary=milestone_summary(milestones),
        golden_triangle=golden_triangle(roles_in_order(roles)),
        assessments=assessments,
    )


def commitment_page_context(commitment: CommitmentPage) -> dict:
    sections = commitment_sections(commitment)
    return {
        **page_frame(commitment),
        "sections": sections,
        "milestones": sections.milestones,
        "milestone_summary": sections.milestone_summary,
        "golden_triangle": sections.golden_triangle,
        "assessments": sections.assessments,
        "starred": commitment_star(sections.assessments),  # the page's "at a glance"
        "policy_areas": sections.policy_areas,
    }


# -- commitments as rows ------------------------------------------------------------------------


@dataclass
class CommitmentRow:
    page: CommitmentPage
    milestones: dict[str, int]
    latest: IRMAssessment | None
    sectors: set[str]
    lead: list[Organisation]
    starred: bool | None = None  # the star of its latest scored report (``commitment_star``)
    facts: CommitmentFacts | None = None  # the explorer's rows carry their facts
    flags: list = field(default_factory=list)  # and their red flags

    @property
    def completion(self) -> str:
        """The IRM's latest completion (from the facts when the row has them)."""
        if self.facts is not None:
            return self.facts.completion
        return self.latest.completion if self.latest else ""


def milestone_summary_from_facts(facts: CommitmentFacts, today: datetime.date) -> dict[str, int]:
    """``milestone_summary`` from the facts row: late is met late, not met, or open and due
    before today."""
    overdue = sum(1 for day in facts.open_due_dates if day < today.isoformat())
    return {
        "total": facts.milestones,
        "met": facts.milestones_met,
        "late": facts.milestones_met_late + facts.milestones_not_met + overdue,
    }


def commitment_rows(commitments) -> list[CommitmentRow]:
    """Each commitment as a row; give it ``commitments_for_rollups()`` (no query of its own),
    or ``commitments_for_pages()`` (milestones counted from the facts row)."""
    rows = []
    today = timezone.localdate()
    for page in commitments:
        roles = list(page.stakeholder_roles.all())
        assessments = list(page.irm_assessments.all())
        facts = getattr(page, "page_facts", None)
        rows.append(
            CommitmentRow(
                page=page,
                milestones=(
                    milestone_summary_from_facts(facts, today)
                    if facts is not None
                    else milestone_summary(list(page.milestones.all()))
                ),
                latest=latest_assessment(assessments),
                sectors={r.organisation.sector for r in roles},
                lead=[r.organisation for r in roles if r.role == StakeholderRole.Role.LEAD_IMPLEMENTER],
                starred=commitment_star(assessments),
            )
        )
    return rows


# Long texts that roll-ups and lists never show: not loaded for them.
_LONG_TEXTS = ("full_text", "problem", "causes", "solution", "expected_results", "ogp_relevance", "ogp_extra")


def commitments_for_rollups():
    """Live commitments with what a row or a roll-up needs (milestones, assessments, roles with
    their organisations), in four queries."""
    return (
        CommitmentPage.objects.live()
        .defer(*_LONG_TEXTS)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order")),
            Prefetch("irm_assessments", queryset=IRMAssessment.objects.order_by("publication_year")),
            Prefetch(
                "stakeholder_roles",
                queryset=StakeholderRole.objects.select_related("organisation").order_by("sort_order"),
            ),
        )
    )


def commitments_for_pages(queryset) -> list[CommitmentPage]:
    """Live commitments of ``queryset`` for a member's or a plan's page, in four queries: the
    pages with their facts rows, assessments, roles with their organisations; milestones only
    for a commitment without a facts row. Each page keeps its facts as ``page_facts``."""
    pages = list(
        queryset.live()
        .defer(*_LONG_TEXTS)
        .select_related("facts")
        .prefetch_related(
            Prefetch("irm_assessments", queryset=IRMAssessment.objects.order_by("publication_year")),
            Prefetch(
                "stakeholder_roles",
                queryset=StakeholderRole.objects.select_related("organisation").order_by("sort_order"),
            ),
        )
    )
    for page in pages:
        page.page_facts = getattr(page, "facts", None)
    if without := [page for page in pages if page.page_facts is None]:
        prefetch_related_objects(
            without, Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order"))
        )
    return pages


def _facts_figures(pages: list[CommitmentPage]) -> tuple[dict[int, int | None], list[dict]]:
    """From the pages' facts rows, no query: each plan's progress (the mean of its commitments'
    progress, rounded) and how many commitments carry each red flag (``flags.FLAGS``' tests,
    which ``test_flags`` holds together with their SQL conditions)."""
    from .flags import FLAGS

    now = timezone.now()
    per_plan: dict[int, list[int]] = defaultdict(list)
    flagged: Counter = Counter()
    for page in pages:
        if (facts := page.page_facts) is None:
            continue
        if facts.action_plan_id is not None and facts.progress is not None:
            per_plan[facts.action_plan_id].append(facts.progress)
        for code, flag in FLAGS.items():
            flagged[code] += flag.test(facts, now)
    progress = {plan_id: round(sum(values) / len(values)) for plan_id, values in per_plan.items()}
    return progress, [{"flag": flag, "count": flagged[code]} for code, flag in FLAGS.items() if flagged[code]]


# -- member and action-plan pages ---------------------------------------------------------------


def action_plan_page_context(plan: ActionPlanPage) -> dict:
    """The plan's commitments, their roll-up, and which sectors each engages."""
    pages = commitments_for_pages(CommitmentPage.objects.child_of(plan))
    rows = in_plan_order(commitment_rows(pages))
    progress, flags = _facts_figures(
        [page for page in pages if page.page_facts and page.page_facts.action_plan_id == plan.pk]
    )
    return {
        **page_frame(plan),
        "commitment_rows": rows,
        "rollup": rollup_from_rows(rows),
        "progress": progress.get(plan.pk),
        "flag_counts": flags,
        "flag_query": f"plan={plan.plan_id}",
    }


def member_page_context(member: MemberPage) -> dict:
    """The member's action plans, each with its roll-up, and the roll-up of all its commitments.

    Every live commitment under the member is read once, with its records (five queries
    however many plans and commitments), and handed to its plan by tree path.
    """
    plans = list(ActionPlanPage.objects.live().child_of(member).order_by("start_year", "number"))
    by_plan: dict[str, list[CommitmentRow]] = {plan.path: [] for plan in plans}
    plan_path_length = (member.depth + 1) * Page.steplen
    pages = commitments_for_pages(CommitmentPage.objects.descendant_of(member).order_by("path"))
    for row in commitment_rows(pages):
        # A commitment under an unpublished plan is not the member's, as a visitor sees it.
        if (plan_rows := by_plan.get(row.page.path[:plan_path_length])) is not None:
            plan_rows.append(row)
    rollup = rollup_from_rows([row for plan_rows in by_plan.values() for row in plan_rows])
    # Every plan's roll-up shows the same sectors as the member's, to line up in one table.
    sector_keys = [share.key for share in rollup.sectors]
    for plan in plans:
        plan.rollup = rollup_from_rows(by_plan[plan.path], sector_keys=sector_keys)
    progress, flags = _facts_figures(
        [page for page in pages if page.page_facts and page.page_facts.member_id == member.pk]
    )
    progress = {plan.pk: progress.get(plan.pk) for plan in plans}
    for plan in plans:
        plan.progress = progress.get(plan.pk)
    return {
        **page_frame(member),
        "plans": plans,
        "rollup": rollup,
        "progress": mean_progress([p for p in progress.values() if p is not None]),
        "flag_counts": flags,
        "flag_query": f"member={member.code}",
    }


# -- the home page ------------------------------------------------------------------------------


def _count_by_ancestor(queryset, depth: int) -> dict[str, int]:
    """Count pages by their ancestor at ``depth`` (its tree path), grouped in the database."""
    rows = (
        queryset.annotate(ancestor=Substr("path", 1, depth * Page.steplen))
        .values("ancestor")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["ancestor"]: row["n"] for row in rows}


def page_frame(page: Page) -> dict:
    """What a record page shows outside its shared parts (``{% shared %}``): the breadcrumbs and,
    on member and plan pages, the explorer's query for their commitments. No query: routing
    loaded the ancestors."""
    breadcrumbs = _breadcrumbs(page)
    frame: dict = {"breadcrumbs": breadcrumbs}
    if isinstance(page, MemberPage):
        frame["explorer_query"] = urlencode({"member": page.code})
    elif isinstance(page, ActionPlanPage):
        member_code = getattr(breadcrumbs[0], "code", "") if breadcrumbs else ""
        frame["explorer_query"] = urlencode({"member": member_code, "plan": page.plan_id})
    return frame


def _breadcrumbs(page: Page) -> list[Page]:
    """Ancestors below the site root, as specific pages: those routing loaded with the page
    (``tracker.routing``), else in one query (none for a member, right below the root)."""
    routed = getattr(page, "routed_ancestors", None)
    if routed is not None:
        return [ancestor for ancestor in routed if ancestor.depth > 2]
    if page.depth <= 3:
        return []
    return list(page.get_ancestors().filter(depth__gt=2).specific())


def home_numbers() -> dict[str, int]:
    return {
        "members": MemberPage.objects.live().count(),
        "action_plans": ActionPlanPage.objects.live().count(),
        "commitments": CommitmentPage.objects.live().count(),
        "milestones": Milestone.objects.filter(commitment__live=True).count(),
        "organisations": Organisation.objects.count(),
    }


def starred_commitments(limit: int = 8) -> list[CommitmentPage]:
    """Starred commitments (the star of their latest scored report), most recent plans first."""
    return list(
        CommitmentPage.objects.live().filter(facts__starred=True).order_by("-end_date", "ogp_id")[:limit]
    )


def members_by_region() -> list[tuple[str, list[MemberPage]]]:
    """Live members grouped by region, with their number of live commitments, in two queries."""
    members = list(MemberPage.objects.live().order_by("title"))
    depth = members[0].depth if members else 3
    per_member = _count_by_ancestor(CommitmentPage.objects.live(), depth)
    grouped: dict[str, list[MemberPage]] = defaultdict(list)
    # In the reader's language and alphabet: regions and members by their shown names.
    for member in sorted_by_name(members, lambda m: m.display_name):
        member.commitment_count = per_member.get(member.path, 0)
        grouped[member.region_label].append(member)
    return sorted_by_name(grouped.items(), lambda item: item[0])
