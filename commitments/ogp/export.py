"""OGP's export, written back: the rows of our exports, in OGP's columns and order.

First OGP's columns (``columns``), with the values the importer reads back to the same records:
an export imports again (``import_ogp_commitments``) and changes nothing. Then ours, headed
``Tracker: …``, which the importer ignores: the commitment's page, its dates as dates, its
milestones and their lateness, its stakeholders by sector.

Each cell comes with a kind: ``TEXT``, typed on the site; ``PUBLISHED``, as OGP published it
(written as a number in the XLSX workbook where it is one); ``OURS``, our columns; ``VALUE``,
numbers, dates, codes and URLs we write ourselves. Whatever its kind, every cell is guarded
against formula injection in a way the importer undoes (``tracker.formulas``).

Queries: five for the whole export (policy areas, any other OGP columns, action plans,
members, the commitments read through one cursor) and four per chunk of ``CHUNK_SIZE``
commitments (their policy areas, milestones, IRM assessments, and stakeholder roles with
organisations), whatever the number of rows within a chunk.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

from wagtail.models import Page

from tracker.models import SECTOR_ORDER, Sector

from ..models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberLevel,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from ..rules import Lateness
from ..selectors import commitment_star, milestone_summary, roles_in_order
from ..vocabulary import POLICY_AREAS
from .columns import (
    AFTER_POLICY_AREAS,
    BEFORE_POLICY_AREAS,
    IRM_COLUMNS,
    TRACKER_COLUMN_PREFIX,
)

CHUNK_SIZE = 500
TRACKER = TRACKER_COLUMN_PREFIX


# What a cell holds (see the module's docstring).
TEXT = "text"  # typed on the site
PUBLISHED = "published"  # as OGP published it
OURS = "ours"  # our columns, ignored by the importer
VALUE = "value"  # numbers, dates, codes and URLs we write ourselves

# Worst first: "Tracker: Lateness" is the worst of a commitment's milestones.
LATENESS_ORDER = [
    Lateness.OVERDUE,
    Lateness.NOT_MET,
    Lateness.MET_LATE,
    Lateness.DUE_SOON,
    Lateness.NOT_DUE,
    Lateness.NO_DUE_DATE,
    Lateness.MET_ON_TIME,
]
STAKEHOLDER_HEADERS = {
    Sector.GOVERNMENT: f"{TRACKER}Government stakeholders",
    Sector.CIVIL_SOCIETY: f"{TRACKER}Civil society stakeholders",
    Sector.BUSINESS: f"{TRACKER}Business stakeholders",
    Sector.ACADEMIA: f"{TRACKER}Academia stakeholders",
    Sector.MULTILATERAL: f"{TRACKER}Multilateral stakeholders",
    Sector.UNKNOWN: f"{TRACKER}Stakeholders of unknown sector",
}


@dataclass
class Record:
    """One commitment with what its row is made of."""

    page: CommitmentPage
    plan: ActionPlanPage | None
    member: MemberPage | None
    areas: set[int]
    irm: dict[str, Any]
    milestones: list[Milestone]
    roles: list[StakeholderRole]
    summary: dict[str, int] = field(default_factory=dict)
    star: bool | None = None  # the commitment's star (``selectors.commitment_star``)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Record], Any]  # str, int, date or None
    kind: str = VALUE


def _attr(obj: Any, name: str) -> Any:
    return getattr(obj, name) if obj is not None else None


def _date_as_published(text: str, date: datetime.date | None) -> str:
    """The date as OGP wrote it; else the date in a form the importer reads (ISO)."""
    return text or (date.isoformat() if date else "")


# How to write back each column the importer maps to a field (``columns.FIELD_COLUMNS``).
FIELD_WRITERS: dict[str, tuple[Callable[[Record], Any], str]] = {
    "Commitment Unique Identifier": (lambda r: r.page.ogp_id, TEXT),
    "Country/Locality": (lambda r: _attr(r.member, "title"), TEXT),
    "Code": (lambda r: _attr(r.member, "code"), TEXT),
    "Region": (lambda r: _attr(r.member, "region"), TEXT),
    "National Or Local": (
        lambda r: "Local" if _attr(r.member, "level") == MemberLevel.LOCAL else "National",
        VALUE,
    ),
    "Action Plan Number": (lambda r: _attr(r.plan, "number"), VALUE),
    "Year Of Submission": (lambda r: _attr(r.plan, "start_year"), VALUE),
    "Action Plan End Year": (lambda r: _attr(r.plan, "end_year"), VALUE),
    "Action Plan ID": (lambda r: _attr(r.plan, "plan_id"), TEXT),
    "Commitment Number": (lambda r: r.page.number, TEXT),
    "Theme": (lambda r: r.page.theme, TEXT),
    "Commitment Title": (lambda r: r.page.full_title or r.page.title, TEXT),
    "Short Title": (lambda r: r.page.short_title, TEXT),
    "Full Text": (lambda r: r.page.full_text, TEXT),
    "Start Date": (lambda r: _date_as_published(r.page.start_date_text, r.page.start_date), TEXT),
    "End Date": (lambda r: _date_as_published(r.page.end_date_text, r.page.end_date), TEXT),
    "Lead Institution": (lambda r: r.page.lead_institutions_text, TEXT),
    "Supporting Institution(s)": (lambda r: r.page.supporting_institutions_text, TEXT),
    "URL": (lambda r: r.page.ogp_url, VALUE),
}


def _published(column: str) -> Column:
    if column in IRM_COLUMNS:
        return Column(column, lambda r: r.irm.get(column), PUBLISHED)
    return Column(column, lambda r: (r.page.ogp_extra or {}).get(column), PUBLISHED)


def _ogp_column(column: str) -> Column:
    if column in FIELD_WRITERS:
        value, kind = FIELD_WRITERS[column]
        return Column(column, value, kind)
    return _published(column)


def _policy_area_column(area: PolicyArea) -> Column:
    return Column(area.name, lambda r: 1 if area.pk in r.areas else 0)


def _worst_lateness(record: Record) -> str:
    if not record.milestones:
        return ""
    return str(min((m.lateness for m in record.milestones), key=LATENESS_ORDER.index))


def _stakeholders(sector: str) -> Callable[[Record], str]:
    def names(record: Record) -> str:
        found = [r.organisation.name for r in record.roles if r.organisation.sector == sector]
        return "; ".join(dict.fromkeys(found))

    return names


def tracker_columns(permalink: Callable[[str], str]) -> list[Column]:
    """Our columns, after OGP's: stable English headers, whatever the language of the request."""
    return [
        Column(f"{TRACKER}Page URL", lambda r: permalink(r.page.ogp_id)),
        Column(f"{TRACKER}Start date", lambda r: r.page.start_date),
        Column(f"{TRACKER}End date", lambda r: r.page.end_date),
        Column(f"{TRACKER}Milestones", lambda r: r.summary["total"]),
        Column(f"{TRACKER}Milestones met", lambda r: r.summary["met"]),
        Column(f"{TRACKER}Milestones late", lambda r: r.summary["late"]),
        Column(f"{TRACKER}Lateness", _worst_lateness),
        Column(f"{TRACKER}Starred", lambda r: None if r.star is None else int(r.star)),
        *(Column(STAKEHOLDER_HEADERS[sector], _stakeholders(sector), OURS) for sector in SECTOR_ORDER),
        # Withdrawn commitments stay in exports, marked as OGP marks them, with the reason.
        Column(f"{TRACKER}Withdrawn on", lambda r: r.page.withdrawn_on),
        Column(f"{TRACKER}Withdrawal reason", lambda r: r.page.withdrawal_reason, OURS),
    ]


# fn(queryset) -> columns: more "Tracker:" columns that another package computes for the
# exported commitments (civil-society scores), registered from its AppConfig.ready(); each
# source reads what it needs for the whole set once, when the columns are first asked for.
ColumnSource = Callable[[Any], list[Column]]
_column_sources: list[ColumnSource] = []


def export_columns(fn: ColumnSource) -> ColumnSource:
    """Register ``fn`` as a source of export columns (once)."""
    if fn not in _column_sources:
        _column_sources.append(fn)
    return fn


def policy_areas_in_ogp_order() -> list[PolicyArea]:
    """Every policy area: OGP's in OGP's order, then the ones added since, oldest first."""
    rank = {name: index for index, (name, _es, _parent) in enumerate(POLICY_AREAS)}
    areas = list(PolicyArea.objects.order_by("pk"))
    return sorted(areas, key=lambda area: rank.get(area.name, len(rank)))


def _other_extra_keys(queryset) -> list[str]:
    """Names of the ``ogp_extra`` columns these commitments have, in one query.

    OGP's known columns come first in every export; this finds any other column an earlier
    import kept (one OGP added later, say), so that it is written back too.
    """
    db = queryset.db
    connection = connections[db]
    qn = connection.ops.quote_name
    meta = CommitmentPage._meta
    table, column, pk = qn(meta.db_table), qn(meta.get_field("ogp_extra").column), qn(meta.pk.column)
    inner, params = queryset.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "sqlite":
        sql = f"SELECT DISTINCT j.key FROM {table} c, json_each(c.{column}) j WHERE c.{pk} IN ({inner})"  # noqa: S608 (names are quoted identifiers, values are parameters)
    elif connection.vendor == "postgresql":
        sql = f"SELECT DISTINCT jsonb_object_keys(c.{column}::jsonb) FROM {table} c WHERE c.{pk} IN ({inner})"  # noqa: S608
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        keys: set[str] = set()
        for extra in queryset.order_by().values_list("ogp_extra", flat=True).iterator():
            keys.update(extra or {})
        return sorted(keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


class CommitmentExport:
    """The rows of one export: ``columns`` once, then ``records()`` as it streams."""

    def __init__(self, queryset, *, permalink: Callable[[str], str], chunk_size: int | None = None):
        """``permalink(ogp_id)`` gives a commitment's absolute permalink (our first column)."""
        self.queryset = queryset
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.permalink = permalink
        self.count = 0
        self._columns: list[Column] | None = None

    @property
    def columns(self) -> list[Column]:
        if self._columns is None:
            known = [*BEFORE_POLICY_AREAS, *AFTER_POLICY_AREAS]
            areas = [
                area
                for area in policy_areas_in_ogp_order()
                if area.name and area.name not in known and not area.name.startswith(TRACKER)
            ]
            taken = set(known) | {area.name for area in areas}
            others = [
                key
                for key in _other_extra_keys(self.queryset)
                if key and key not in taken and not key.startswith(TRACKER)
            ]
            self._columns = [
                *(_ogp_column(c) for c in BEFORE_POLICY_AREAS),
                *(_policy_area_column(area) for area in areas),
                *(_ogp_column(c) for c in AFTER_POLICY_AREAS),
                *(_published(key) for key in others),
                *tracker_columns(self.permalink),
                *(column for source in _column_sources for column in source(self.queryset)),
            ]
        return self._columns

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def _chunks(self) -> Iterator[list[CommitmentPage]]:
        # The explorer's own prefetches (if any) are dropped: each chunk's relations are read
        # below, in one query each, without Django's per-instance related managers.
        pages = self.queryset.prefetch_related(None).iterator(chunk_size=self.chunk_size)
        while chunk := list(itertools.islice(pages, self.chunk_size)):
            yield chunk

    def records(self) -> Iterator[Record]:
        self.columns  # noqa: B018 - the header's queries come first
        # Members and action plans are few: all of them, by tree path, in two queries.
        plans = {plan.path: plan for plan in ActionPlanPage.objects.all()}
        members = {member.path: member for member in MemberPage.objects.all()}
        step = Page.steplen
        through = CommitmentPage.policy_areas.through
        for chunk in self._chunks():
            ids = [page.pk for page in chunk]
            areas: dict[int, set[int]] = defaultdict(set)
            for commitment_id, area_id in through.objects.filter(commitmentpage_id__in=ids).values_list(
                "commitmentpage_id", "policyarea_id"
            ):
                areas[commitment_id].add(area_id)
            milestones: dict[int, list[Milestone]] = defaultdict(list)
            for milestone in Milestone.objects.filter(commitment_id__in=ids).order_by("sort_order", "pk"):
                milestones[milestone.commitment_id].append(milestone)
            irm_values: dict[int, dict[str, Any]] = defaultdict(dict)
            assessments: dict[int, list[IRMAssessment]] = defaultdict(list)
            for assessment in IRMAssessment.objects.filter(commitment_id__in=ids).order_by("pk"):
                irm_values[assessment.commitment_id].update(assessment.source_values or {})
                assessments[assessment.commitment_id].append(assessment)
            roles: dict[int, list[StakeholderRole]] = defaultdict(list)
            for role in (
                StakeholderRole.objects.filter(commitment_id__in=ids)
                .select_related("organisation")
                .order_by("sort_order", "pk")
            ):
                roles[role.commitment_id].append(role)
            for page in chunk:
                plan_path = page.path[:-step]
                self.count += 1
                yield Record(
                    page=page,
                    plan=plans.get(plan_path),
                    member=members.get(plan_path[:-step]),
                    areas=areas[page.pk],
                    irm=irm_values[page.pk],
                    star=commitment_star(assessments[page.pk]),
                    milestones=milestones[page.pk],
                    roles=roles_in_order(roles[page.pk]),
                    summary=milestone_summary(milestones[page.pk]),
                )

    def rows(self) -> Iterator[list[tuple[Any, str]]]:
        """Each commitment's cells as (value, kind), in the columns' order."""
        columns = self.columns
        for record in self.records():
            yield [(column.value(record), column.kind) for column in columns]
