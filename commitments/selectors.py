"""Reads that matter: page contexts with a fixed number of queries however big the record."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, prefetch_related_objects
from django.db.models.functions import Substr
from django.utils import timezone

from wagtail.models import Page

from tracker.models import Organisation

from .models import (
    GOLDEN_TRIANGLE,
    SECTOR_ORDER,
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    Follow,
    IRMAssessment,
    MemberPage,
    Milestone,
    ProgressUpdate,
    StakeholderRole,
    UpdateState,
)
from .rollups import rollup_from_rows
from .rules import LATE, MilestoneStatus, mean_progress, milestone_progress

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


def commitment_page_context(commitment: CommitmentPage) -> dict:
    # Milestones, roles and policy areas are read through the page's own relations, so that
    # an editor's preview shows the unsaved ones too; organisations come in one more query.
    roles = list(commitment.stakeholder_roles.all())
    prefetch_related_objects(roles, "organisation")
    roles.sort(key=lambda r: (ROLE_ORDER.get(r.role, len(ROLE_ORDER)), r.sort_order or 0))
    milestones = list(commitment.milestones.order_by("sort_order", "end_date"))
    assessments = list(commitment.irm_assessments.order_by("publication_year", "report_type"))
    return {
        "breadcrumbs": _breadcrumbs(commitment),
        "milestones": milestones,
        "milestone_summary": milestone_summary(milestones),
        "golden_triangle": golden_triangle(roles),
        "assessments": assessments,
        "policy_areas": sorted(commitment.policy_areas.all(), key=lambda area: area.name),
    }


def _commitments_with_records():
    return CommitmentPage.objects.live().prefetch_related(
        "policy_areas",
        Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order")),
        Prefetch("irm_assessments", queryset=IRMAssessment.objects.order_by("publication_year")),
        Prefetch(
            "stakeholder_roles",
            queryset=StakeholderRole.objects.select_related("organisation").order_by("sort_order"),
        ),
    )


@dataclass
class CommitmentRow:
    page: CommitmentPage
    milestones: dict[str, int]
    latest: IRMAssessment | None
    sectors: set[str]
    lead: list[Organisation]
    starred: bool = False  # starred by the IRM in any of its reports (current formula)


def _rows(commitments) -> list[CommitmentRow]:
    rows = []
    for page in commitments:
        roles = list(page.stakeholder_roles.all())
        assessments = list(page.irm_assessments.all())
        rows.append(
            CommitmentRow(
                page=page,
                milestones=milestone_summary(list(page.milestones.all())),
                latest=latest_assessment(assessments),
                sectors={r.organisation.sector for r in roles},
                lead=[r.organisation for r in roles if r.role == StakeholderRole.Role.LEAD_IMPLEMENTER],
                starred=any(a.starred for a in assessments),
            )
        )
    return rows


# Long texts that roll-ups and lists never show: not loaded for them.
_LONG_TEXTS = ("full_text", "problem", "causes", "solution", "expected_results", "ogp_relevance", "ogp_extra")


def _commitments_for_rollups():
    """Live commitments with what a roll-up needs (milestones, assessments, roles), in four queries."""
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


def action_plan_page_context(plan: ActionPlanPage) -> dict:
    """The plan's commitments, their roll-up, and which sectors each engages."""
    commitments = _commitments_for_rollups().child_of(plan).order_by("number", "ogp_id")
    rows = _rows(commitments)
    return {
        "breadcrumbs": _breadcrumbs(plan),
        "commitment_rows": rows,
        "rollup": rollup_from_rows(rows),
        "progress": plan_progress([plan.pk]).get(plan.pk),
        "flag_counts": flag_counts(action_plan=plan),
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
    for row in _rows(_commitments_for_rollups().descendant_of(member).order_by("path")):
        # A commitment under an unpublished plan is not the member's, as a visitor sees it.
        if (plan_rows := by_plan.get(row.page.path[:plan_path_length])) is not None:
            plan_rows.append(row)
    rollup = rollup_from_rows([row for plan_rows in by_plan.values() for row in plan_rows])
    # Every plan's roll-up shows the same sectors as the member's, to line up in one table.
    sector_keys = [share.key for share in rollup.sectors]
    for plan in plans:
        plan.rollup = rollup_from_rows(by_plan[plan.path], sector_keys=sector_keys)
    progress = plan_progress([plan.pk for plan in plans])
    for plan in plans:
        plan.progress = progress.get(plan.pk)
    return {
        "breadcrumbs": _breadcrumbs(member),
        "plans": plans,
        "rollup": rollup,
        "progress": mean_progress([p for p in progress.values() if p is not None]),
        "flag_counts": flag_counts(member=member),
        "flag_query": f"member={member.code}",
    }


def flag_counts(**facts_filter) -> list[dict]:
    """How many of a plan's or member's live commitments carry each red flag (one query)."""
    from .flags import FLAGS, flag_q

    now = timezone.now()
    counts = CommitmentFacts.objects.filter(commitment__live=True, **facts_filter).aggregate(
        **{code: Count("pk", filter=flag_q([code], "", now)) for code in FLAGS}
    )
    return [{"flag": flag, "count": counts[code]} for code, flag in FLAGS.items() if counts[code]]


def plan_progress(plan_ids: list[int]) -> dict[int, int | None]:
    """Each plan's progress: the mean of its commitments' progress (from their milestones)."""
    rows = (
        CommitmentFacts.objects.filter(action_plan_id__in=plan_ids, commitment__live=True)
        .values("action_plan_id")
        .annotate(progress=Avg("progress"))
        .order_by()
    )
    return {
        row["action_plan_id"]: None if row["progress"] is None else round(row["progress"]) for row in rows
    }


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


def progress_context(commitment: CommitmentPage, user, *, now: datetime.datetime | None = None) -> dict:
    """The commitment page's progress loop: per-milestone progress, timeline, flags, and what
    the person looking may do (post updates, follow)."""
    from .flags import flags_for
    from .permissions import can_follow, can_post_update

    now = now or timezone.now()
    milestones = list(commitment.milestones.all())
    approved = (
        list(
            ProgressUpdate.objects.filter(milestone__commitment=commitment, state=UpdateState.APPROVED)
            .select_related("milestone")
            .order_by("decided_at", "pk")
        )
        if commitment.pk
        else []
    )
    latest: dict[int, ProgressUpdate] = {}
    for update in approved:  # in approval order: the last one wins
        latest[update.milestone_id] = update
    progress = milestones_progress_attach(milestones, latest)
    facts = CommitmentFacts.objects.filter(commitment_id=commitment.pk).first() if commitment.pk else None
    signed_in = bool(user and user.is_authenticated)
    following = (
        Follow.objects.filter(user=user, page__path__in=_ancestor_paths(commitment))
        .select_related("page")
        .first()
        if signed_in
        else None
    )
    return {
        "progress": progress,
        "timeline": timeline(approved, list(commitment.irm_assessments.all()) if commitment.pk else []),
        "flags": flags_for(facts, now),
        "can_post_update": signed_in and can_post_update(user, commitment),
        "can_follow": signed_in and can_follow(user),
        "following": following,
    }


def following_for(user, page: Page) -> Follow | None:
    """The follow that covers ``page`` for ``user`` (of it or of a page above it)."""
    if not (user and user.is_authenticated):
        return None
    return (
        Follow.objects.filter(user=user, page__path__in=_ancestor_paths(page))
        .select_related("page")
        .order_by("-page__depth")
        .first()
    )


def _ancestor_paths(page: Page) -> list[str]:
    return [page.path[: Page.steplen * depth] for depth in range(1, page.depth + 1)]


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # "update", "status" or "irm"
    update: ProgressUpdate | None = None
    assessment: IRMAssessment | None = None
    previous_status: str = ""
    year_only: bool = False


def timeline(approved: list[ProgressUpdate], assessments: list[IRMAssessment]) -> list[TimelineEntry]:
    """Approved updates, the status changes they made and IRM assessments, newest first."""
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
    order = {"irm": 0, "update": 1, "status": 2}
    entries.sort(key=lambda e: (e.date, order[e.kind]), reverse=True)
    return entries


def _count_by_ancestor(queryset, depth: int) -> dict[str, int]:
    """Count pages by their ancestor at ``depth`` (its tree path), grouped in the database."""
    rows = (
        queryset.annotate(ancestor=Substr("path", 1, depth * Page.steplen))
        .values("ancestor")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["ancestor"]: row["n"] for row in rows}


def _breadcrumbs(page: Page) -> list[Page]:
    """Ancestors below the site root, as specific pages, in one query."""
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
    """Commitments the IRM starred in any report, most recent plans first."""
    from .irm import starred_q

    starred = IRMAssessment.objects.filter(starred_q()).values("commitment_id")
    return list(CommitmentPage.objects.live().filter(pk__in=starred).order_by("-end_date", "ogp_id")[:limit])


def members_by_region() -> list[tuple[str, list[MemberPage]]]:
    """Live members grouped by region, with their number of live commitments, in two queries."""
    members = list(MemberPage.objects.live().order_by("title"))
    depth = members[0].depth if members else 3
    per_member = _count_by_ancestor(CommitmentPage.objects.live(), depth)
    grouped: dict[str, list[MemberPage]] = defaultdict(list)
    for member in members:
        member.commitment_count = per_member.get(member.path, 0)
        grouped[member.region_label].append(member)
    return sorted(grouped.items())
