"""Writes to the commitment record. Keyword-only, validated, one transaction each.

Upserts report what they did ("created", "updated" or "unchanged") so that an import can be
run again and again without duplicating or needlessly rewriting anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils.text import slugify

from wagtail.models import Page

from tracker.models import Organisation

from .models import (
    SECTOR_ORDER,
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from .rules import MilestoneStatus
from .vocabulary import PARENTS, SPANISH_NAMES

Outcome = Literal["created", "updated", "unchanged"]


def _unique_child_slug(parent: Page, base: str, fallback: str) -> str:
    slug = slugify(base)[:200] or slugify(fallback)
    siblings = set(parent.get_children().values_list("slug", flat=True))
    if slug not in siblings:
        return slug
    candidate = f"{slug}-{slugify(fallback)}"
    n = 2
    while candidate in siblings:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def _save_page(page: Page) -> None:
    """Save a changed page so that the admin's latest revision shows the same content.

    A page that has never been edited in the admin is saved directly; one that has revisions
    gets a new, published revision, so an editor's next edit starts from the imported text.
    """
    page.full_clean()
    if page.latest_revision_id:
        page.save_revision(clean=False).publish()
    else:
        page.save()


def _apply(instance: Any, values: dict[str, Any]) -> bool:
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed


def _page_upsert(
    model: type[Page],
    *,
    parent: Page,
    lookup: dict[str, Any],
    values: dict[str, Any],
    slug_base: str,
    sync_relations: Callable[[Page], bool] | None = None,
) -> tuple[Page, Outcome]:
    """Create or update a page in one save; ``sync_relations`` sets its related objects
    (before the first save of a new page) and says whether they changed."""
    page = model.objects.filter(**lookup).first()
    if page is None:
        page = model(**lookup, **values)
        page.slug = _unique_child_slug(parent, slug_base, next(iter(lookup.values())))
        if sync_relations:
            sync_relations(page)
        page.full_clean(exclude=["path", "depth"])
        parent.add_child(instance=page)
        return page, "created"
    changed = _apply(page, values)
    if page.get_parent().pk != parent.pk:
        page.move(parent, pos="last-child")
        page.refresh_from_db()
        _apply(page, values)
        changed = True
    if sync_relations and sync_relations(page):
        changed = True
    if changed:
        _save_page(page)
        return page, "updated"
    return page, "unchanged"


@transaction.atomic
def member_page_upsert(
    *, home: Page, code: str, title: str, level: str, region: str = "", country: str = ""
) -> tuple[MemberPage, Outcome]:
    return _page_upsert(
        MemberPage,
        parent=home,
        lookup={"code": code},
        values={"title": title, "level": level, "region": region, "country": country},
        slug_base=title,
    )


@transaction.atomic
def action_plan_page_upsert(
    *,
    member: MemberPage,
    plan_id: str,
    title: str,
    number: int | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    status: str | None = None,
) -> tuple[ActionPlanPage, Outcome]:
    values: dict[str, Any] = {
        "title": title,
        "number": number,
        "start_year": start_year,
        "end_year": end_year,
    }
    if status:
        values["status"] = status
    return _page_upsert(
        ActionPlanPage, parent=member, lookup={"plan_id": plan_id}, values=values, slug_base=plan_id
    )


@transaction.atomic
def commitment_page_upsert(
    *,
    plan: ActionPlanPage,
    ogp_id: str,
    values: dict[str, Any],
    policy_areas: Iterable[PolicyArea] = (),
    stakeholders: Iterable[tuple[Organisation, str]] = (),
) -> tuple[CommitmentPage, Outcome]:
    """Create or update a commitment with its policy areas and stakeholder roles.

    The policy areas become exactly the ones given. Stakeholder roles given are added when
    missing; roles already on the page (added by editors, or by an earlier export) stay.
    """
    areas = {area.pk: area for area in policy_areas}
    wanted_roles = list(dict.fromkeys((org.pk, role) for org, role in stakeholders))

    def sync_relations(page: CommitmentPage) -> bool:
        changed = False
        if {area.pk for area in page.policy_areas.all()} != set(areas):
            page.policy_areas = [areas[pk] for pk in sorted(areas)]
            changed = True
        roles = list(page.stakeholder_roles.all())
        existing = {(r.organisation_id, r.role) for r in roles}
        missing = [pair for pair in wanted_roles if pair not in existing]
        if missing:
            roles += [StakeholderRole(organisation_id=org_id, role=role) for org_id, role in missing]
            page.stakeholder_roles = roles
            changed = True
        return changed

    return _page_upsert(
        CommitmentPage,
        parent=plan,
        lookup={"ogp_id": ogp_id},
        values=values,
        slug_base=ogp_id,
        sync_relations=sync_relations,
    )


def organisation_get_or_create(*, name: str, sector: str, country: str = "") -> tuple[Organisation, bool]:
    """The organisation of that name in that country (case aside), created if new."""
    organisation = Organisation.objects.filter(name__iexact=name, country=country).first()
    if organisation:
        return organisation, False
    organisation = Organisation(name=name, sector=sector, country=country)
    organisation.full_clean()
    organisation.save()
    return organisation, True


def policy_areas_ensure(names: Iterable[str]) -> tuple[dict[str, PolicyArea], list[PolicyArea]]:
    """Policy areas by OGP name, and the ones created because they were not yet known
    (with OGP's Spanish name and parent)."""
    names = list(dict.fromkeys(names))
    existing = {area.name: area for area in PolicyArea.objects.filter(name__in=names)}
    created = []
    for name in names:
        if name not in existing:
            slug = slugify(name.replace("&", "and").replace("/", " ")) or slugify(name)
            area = PolicyArea(name=name, name_es=SPANISH_NAMES.get(name, ""), slug=slug)
            area.full_clean()
            area.save()
            existing[name] = area
            created.append(area)
    for name, area in existing.items():
        parent_name = PARENTS.get(name)
        if parent_name and area.parent_id is None and parent_name in existing:
            area.parent = existing[parent_name]
            area.save(update_fields=["parent"])
    return existing, created


@transaction.atomic
def irm_assessment_upsert(
    *, commitment: CommitmentPage, report_type: str, values: dict[str, Any]
) -> tuple[IRMAssessment, Outcome]:
    assessment = IRMAssessment.objects.filter(commitment=commitment, report_type=report_type).first()
    if assessment is None:
        assessment = IRMAssessment(commitment=commitment, report_type=report_type, **values)
        assessment.full_clean()
        assessment.save()
        return assessment, "created"
    if _apply(assessment, values):
        assessment.full_clean()
        assessment.save()
        return assessment, "updated"
    return assessment, "unchanged"


@transaction.atomic
def milestone_create(
    *,
    commitment: CommitmentPage,
    title: str,
    expected_output: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = "scheduled",
    date_met: datetime.date | None = None,
) -> Milestone:
    milestone = Milestone(
        commitment=commitment,
        title=title,
        expected_output=expected_output,
        start_date=start_date,
        end_date=end_date,
        status=status,
        date_met=date_met,
        sort_order=commitment.milestones.count(),
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def stakeholder_role_add(
    *, commitment: CommitmentPage, organisation: Organisation, role: str
) -> tuple[StakeholderRole, bool]:
    existing = StakeholderRole.objects.filter(
        commitment=commitment, organisation=organisation, role=role
    ).first()
    if existing:
        return existing, False
    stakeholder = StakeholderRole(
        commitment=commitment,
        organisation=organisation,
        role=role,
        sort_order=commitment.stakeholder_roles.count(),
    )
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder, True


# -- the explorer's facts ---------------------------------------------------------------------

FACTS_VERSION_KEY = "commitments:facts-version"
OPEN_STATUSES = (MilestoneStatus.SCHEDULED, MilestoneStatus.PARTIALLY_MET)


def facts_version() -> str:
    """A token that changes whenever any commitment's facts change (for cached summaries)."""
    version = cache.get(FACTS_VERSION_KEY)
    if version is None:
        version = _new_facts_version()
    return version


def new_facts_version() -> str:
    """Make every cached explorer summary stale (called whenever facts change)."""
    return _new_facts_version()


def _new_facts_version() -> str:
    import uuid

    version = uuid.uuid4().hex
    cache.set(FACTS_VERSION_KEY, version, None)
    return version


def commitment_facts_refresh(commitment_ids: Iterable[int] | None = None, *, batch: int = 500) -> int:
    """Recompute the explorer's ``CommitmentFacts`` for these commitments (all when None).

    Works in batches with a fixed number of queries each, so refreshing a whole import costs
    a handful of queries per 500 commitments. Returns how many rows were written.
    """
    if commitment_ids is None:
        ids = list(CommitmentPage.objects.order_by("pk").values_list("pk", flat=True))
        CommitmentFacts.objects.exclude(commitment_id__in=CommitmentPage.objects.values("pk")).delete()
    else:
        ids = sorted(set(commitment_ids))
    written = 0
    for start in range(0, len(ids), batch):
        written += _refresh_batch(ids[start : start + batch])
    if commitment_ids is None or len(ids) >= batch:
        database_statistics_refresh()
    _new_facts_version()
    transaction.on_commit(_new_facts_version)
    return written


def database_statistics_refresh() -> None:
    """Let SQLite's query planner know the tables' sizes after a bulk change.

    Without statistics SQLite joins Wagtail's search index the slow way round: a text search
    of 20,000 commitments took a second instead of 20 ms. PostgreSQL's autovacuum keeps its
    own statistics. A fraction of a second at 20,000 commitments.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _refresh_batch(ids: list[int]) -> int:
    from .selectors import latest_assessment

    pages = list(CommitmentPage.objects.filter(pk__in=ids).values("pk", "path"))
    if not pages:
        return 0
    steplen = Page.steplen
    plan_paths = {page["path"][:-steplen] for page in pages}
    member_paths = {path[:-steplen] for path in plan_paths}
    plans = {p.path: p for p in ActionPlanPage.objects.filter(path__in=plan_paths)}
    members = {m.path: m for m in MemberPage.objects.filter(path__in=member_paths)}
    milestones = {
        row["commitment_id"]: row
        for row in Milestone.objects.filter(commitment_id__in=ids)
        .values("commitment_id")
        .annotate(
            total=Count("pk"),
            met=Count("pk", filter=Q(status=MilestoneStatus.MET)),
            met_late=Count(
                "pk",
                filter=Q(status=MilestoneStatus.MET, date_met__gt=F("end_date")),
            ),
            not_met=Count("pk", filter=Q(status=MilestoneStatus.NOT_MET)),
            next_open_due=Min("end_date", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by()
    }
    sectors: dict[int, set[str]] = {}
    for commitment_id, sector in (
        StakeholderRole.objects.filter(commitment_id__in=ids)
        .values_list("commitment_id", "organisation__sector")
        .distinct()
    ):
        sectors.setdefault(commitment_id, set()).add(sector)
    progress = _progress_facts(ids)
    assessments: dict[int, list[IRMAssessment]] = {}
    for assessment in IRMAssessment.objects.filter(commitment_id__in=ids).order_by("publication_year", "pk"):
        assessments.setdefault(assessment.commitment_id, []).append(assessment)

    rows = []
    for page in pages:
        pk = page["pk"]
        plan = plans.get(page["path"][:-steplen])
        member = members.get(page["path"][: -2 * steplen])
        own = assessments.get(pk, [])
        latest = latest_assessment([a for a in own if a.completion]) if own else None
        counts = milestones.get(pk, {})
        engaged = sectors.get(pk, set())
        rows.append(
            CommitmentFacts(
                commitment_id=pk,
                member=member,
                action_plan=plan,
                region=member.region if member else "",
                level=member.level if member else "",
                plan_start_year=plan.start_year if plan else None,
                plan_end_year=plan.end_year if plan else None,
                completion=latest.completion if latest else "",
                potential_impact=_latest_value(own, "potential_impact"),
                potential_for_results=_latest_value(own, "potential_for_results"),
                starred=any(a.starred for a in own),
                milestones=counts.get("total", 0),
                milestones_met=counts.get("met", 0),
                milestones_met_late=counts.get("met_late", 0),
                milestones_not_met=counts.get("not_met", 0),
                next_open_due=counts.get("next_open_due"),
                plan_status=plan.status if plan else "",
                **progress.get(
                    pk, {"progress": None, "last_approved_update": None, "oldest_waiting_update": None}
                ),
                **{f"has_{sector}": sector in engaged for sector in SECTOR_ORDER},
            )
        )
    fields = [f.name for f in CommitmentFacts._meta.concrete_fields if not f.primary_key]
    CommitmentFacts.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["commitment"], update_fields=fields
    )
    return len(rows)


def _progress_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per commitment: progress from its milestones, last approved update, oldest waiting one."""
    from .models import WAITING_STATES, ProgressUpdate, UpdateState
    from .rules import mean_progress, milestone_progress

    approved_percent: dict[int, int] = {}
    facts: dict[int, dict[str, Any]] = {}
    updates = (
        ProgressUpdate.objects.filter(milestone__commitment_id__in=ids)
        .filter(Q(state=UpdateState.APPROVED) | Q(state__in=WAITING_STATES))
        .values_list(
            "milestone_id", "milestone__commitment_id", "state", "percent_complete", "as_of", "submitted_at"
        )
        .order_by("decided_at", "pk")
    )
    for milestone_id, commitment_id, state, percent, as_of, submitted_at in updates:
        row = facts.setdefault(commitment_id, {"last_approved_update": None, "oldest_waiting_update": None})
        if state == UpdateState.APPROVED:
            approved_percent[milestone_id] = percent
            if row["last_approved_update"] is None or as_of > row["last_approved_update"]:
                row["last_approved_update"] = as_of
        elif submitted_at and (
            row["oldest_waiting_update"] is None or submitted_at < row["oldest_waiting_update"]
        ):
            row["oldest_waiting_update"] = submitted_at
    per_commitment: dict[int, list[int]] = {}
    for pk, commitment_id, status in Milestone.objects.filter(commitment_id__in=ids).values_list(
        "pk", "commitment_id", "status"
    ):
        per_commitment.setdefault(commitment_id, []).append(
            milestone_progress(status=status, approved_percent=approved_percent.get(pk))
        )
    result = {}
    for pk in ids:
        row = facts.get(pk, {"last_approved_update": None, "oldest_waiting_update": None})
        result[pk] = {**row, "progress": mean_progress(per_commitment.get(pk, []))}
    return result


def _latest_value(assessments: list[IRMAssessment], field: str) -> str:
    """The most recent non-empty value of an IRM indicator across a commitment's reports."""
    for assessment in reversed(assessments):
        if value := getattr(assessment, field):
            return value
    return ""
