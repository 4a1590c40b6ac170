"""The explorer's ``CommitmentFacts``: one narrow row per commitment, kept in step with the record.

- ``facts_version()``: a token that changes whenever any commitment's facts change; cached
  counts, summaries and rendered panels are keyed by it.
- ``commitment_facts_refresh(ids)``: recompute the rows of these commitments (all when None),
  in batches with a fixed number of queries each, and bump the version.
- ``facts_refresh_soon(ids)``: what every write path calls (through ``signals``): refresh now,
  or once at the end of an enclosing ``facts_deferred()`` block (bulk writers: the importer,
  the demo, the synthetic builder).
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q

from wagtail.models import Page

from tracker.models import SECTOR_ORDER

from ..models import (
    WAITING_STATES,
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    ProgressUpdate,
    StakeholderRole,
    UpdateState,
)
from ..rules import OPEN_STATUSES, MilestoneStatus, mean_progress, milestone_progress
from ..selectors import commitment_star, latest_assessment

FACTS_VERSION_KEY = "commitments:facts-version"

_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("facts_pending", default=None)


# -- version ------------------------------------------------------------------------------------


def facts_version() -> str:
    """A token that changes whenever any commitment's facts change (for cached summaries)."""
    version = cache.get(FACTS_VERSION_KEY)
    if version is None:
        version = new_facts_version()
    return version


def new_facts_version() -> str:
    """Make every cached explorer summary stale (called whenever facts change)."""
    version = uuid.uuid4().hex
    cache.set(FACTS_VERSION_KEY, version, None)
    return version


# -- deferral -----------------------------------------------------------------------------------


@contextlib.contextmanager
def facts_deferred() -> Iterator[set[int]]:
    """Collect the commitments to refresh while the block runs; refresh them once at its end."""
    if _pending.get() is not None:  # already deferred by an outer block
        yield _pending.get()
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    facts_refresh_soon(pending)


def facts_refresh_soon(ids: Iterable[int]) -> None:
    """Refresh these commitments' facts now, or at the end of the enclosing ``facts_deferred()``."""
    ids = set(ids)
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(ids)
    else:
        commitment_facts_refresh(ids)


# -- columns other packages fill ------------------------------------------------------------------

# fn(commitment ids) -> {commitment id: {column: value}}: columns of CommitmentFacts that another
# package computes (civil-society scores, contracting data, feedback cases), a fixed number of queries per batch. Registered from
# that package's AppConfig.ready(); a commitment it leaves out gets the columns' defaults.
FactsColumns = Callable[[list[int]], dict[int, dict[str, Any]]]
_column_sources: list[FactsColumns] = []


def facts_columns(fn: FactsColumns) -> FactsColumns:
    """Register ``fn`` as a source of facts columns (once)."""
    if fn not in _column_sources:
        _column_sources.append(fn)
    return fn


# -- refresh ------------------------------------------------------------------------------------
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
    new_facts_version()
    transaction.on_commit(new_facts_version)
    return written


def database_statistics_refresh() -> None:
    """Let SQLite's query planner know the tables' sizes after a bulk change.

    Without statistics SQLite joins Wagtail's search index the slow way round: a text search
    of 20,000 commitments took a second instead of 20 ms. PostgreSQL's autovacuum keeps its
    own statistics. A fraction of a second at 20,000 commitments.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _refresh_batch(ids: list[int]) -> int:
    pages = list(CommitmentPage.objects.filter(pk__in=ids).values("pk", "path", "live"))
    if not pages:
        return 0
    steplen = Page.steplen
    plan_paths = {page["path"][:-steplen] for page in pages}
    member_paths = {path[:-steplen] for path in plan_paths}
    plans = {p.path: p for p in ActionPlanPage.objects.filter(path__in=plan_paths)}
    members = {m.path: m for m in MemberPage.objects.filter(path__in=member_paths)}
    milestones = _milestone_facts(ids)
    sectors: dict[int, set[str]] = {}
    leads: dict[int, set[int]] = {}
    for commitment_id, sector, role, organisation_id in StakeholderRole.objects.filter(
        commitment_id__in=ids
    ).values_list("commitment_id", "organisation__sector", "role", "organisation_id"):
        sectors.setdefault(commitment_id, set()).add(sector)
        if role == StakeholderRole.Role.LEAD_IMPLEMENTER:
            leads.setdefault(commitment_id, set()).add(organisation_id)
    progress = _progress_facts(ids)
    areas: dict[int, list[int]] = {}
    for commitment_id, area_id in (
        CommitmentPage.policy_areas.through.objects.filter(commitmentpage_id__in=ids)
        .order_by("commitmentpage_id", "policyarea_id")
        .values_list("commitmentpage_id", "policyarea_id")
    ):
        areas.setdefault(commitment_id, []).append(area_id)
    assessments: dict[int, list[IRMAssessment]] = {}
    for assessment in IRMAssessment.objects.filter(commitment_id__in=ids).order_by("publication_year", "pk"):
        assessments.setdefault(assessment.commitment_id, []).append(assessment)

    extra: dict[int, dict[str, Any]] = {}
    for source in _column_sources:
        for commitment_id, columns in source(ids).items():
            extra.setdefault(commitment_id, {}).update(columns)

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
                live=page["live"],
                area_ids=",".join(str(area_id) for area_id in areas.get(pk, [])),
                lead_ids=",".join(str(organisation_id) for organisation_id in sorted(leads.get(pk, ()))),
                member=member,
                action_plan=plan,
                region=member.region if member else "",
                level=member.level if member else "",
                plan_start_year=plan.start_year if plan else None,
                plan_end_year=plan.end_year if plan else None,
                completion=latest.completion if latest else "",
                potential_impact=_latest_value(own, "potential_impact"),
                potential_for_results=_latest_value(own, "potential_for_results"),
                starred=commitment_star(own),
                milestones=counts.get("total", 0),
                milestones_met=counts.get("met", 0),
                milestones_met_late=counts.get("met_late", 0),
                milestones_not_met=counts.get("not_met", 0),
                next_open_due=counts.get("next_open_due"),
                open_due_dates=counts.get("open_due_dates", []),
                plan_status=plan.status if plan else "",
                **progress.get(
                    pk, {"progress": None, "last_approved_update": None, "oldest_waiting_update": None}
                ),
                **{f"has_{sector}": sector in engaged for sector in SECTOR_ORDER},
                **extra.get(pk, {}),
            )
        )
    fields = [f.name for f in CommitmentFacts._meta.concrete_fields if not f.primary_key]
    CommitmentFacts.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["commitment"], update_fields=fields
    )
    return len(rows)


def _milestone_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per commitment: how many milestones, met, met late, not met; the open ones' due dates."""
    counts: dict[int, dict[str, Any]] = {}
    for commitment_id, status, end_date, date_met in Milestone.objects.filter(
        commitment_id__in=ids
    ).values_list("commitment_id", "status", "end_date", "date_met"):
        row = counts.setdefault(
            commitment_id, {"total": 0, "met": 0, "met_late": 0, "not_met": 0, "open_due_dates": []}
        )
        row["total"] += 1
        if status == MilestoneStatus.MET:
            row["met"] += 1
            row["met_late"] += bool(end_date and date_met and date_met > end_date)
        elif status == MilestoneStatus.NOT_MET:
            row["not_met"] += 1
        if status in OPEN_STATUSES and end_date is not None:
            row["open_due_dates"].append(end_date)
    for row in counts.values():
        row["open_due_dates"].sort()
        row["next_open_due"] = row["open_due_dates"][0] if row["open_due_dates"] else None
        row["open_due_dates"] = [day.isoformat() for day in row["open_due_dates"]]
    return counts


def _progress_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per commitment: progress from its milestones, last approved update, oldest waiting one."""
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
