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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import connections
from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.models import Page

from tracker.models import SECTOR_ORDER, Sector

from .. import irm, rules
from ..explorer.rows import grouped, ids_in, json_text, values_chunks
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
from ..selectors import ROLE_ORDER
from ..vocabulary import POLICY_AREAS
from .columns import (
    AFTER_POLICY_AREAS,
    BEFORE_POLICY_AREAS,
    IRM_COLUMNS,
    TRACKER_COLUMN_PREFIX,
)
from .segments import runs

CHUNK_SIZE = 2000
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


@dataclass(slots=True)
class Record:
    """One commitment with what its row is made of, read as values, not model instances.

    ``page``, ``plan`` and ``member`` hold the fields the columns read, as attributes (a
    column reads ``record.page.ogp_id`` as it would on the page).
    """

    page: SimpleNamespace
    plan: SimpleNamespace | None
    member: SimpleNamespace | None
    areas: set[int]
    irm: dict[str, Any]  # the IRM's columns as published, across the commitment's reports
    summary: dict[str, int]  # milestones: total, met, late (``selectors.milestone_summary``)
    lateness: str  # the worst of its milestones' lateness, "" without milestones
    stakeholders: dict[str, str]  # sector → its organisations' names, "; "-separated
    star: bool | None = None  # the commitment's star (``selectors.commitment_star``)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Record], Any]  # str, int, date or None
    kind: str = VALUE
    # Columns read from one place in bulk: "irm" (``record.irm[key]``), "extra" (the page's
    # ``ogp_extra[key]``) or "area" (1 if policy area ``key`` is the commitment's, else 0). The
    # export writes runs of them a row at a time (``value`` says the same, cell by cell).
    source: str = ""
    key: Any = None


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
        return Column(column, lambda r: r.irm.get(column), PUBLISHED, source="irm", key=column)
    return Column(
        column, lambda r: (r.page.ogp_extra or {}).get(column), PUBLISHED, source="extra", key=column
    )


def _ogp_column(column: str) -> Column:
    if column in FIELD_WRITERS:
        value, kind = FIELD_WRITERS[column]
        return Column(column, value, kind)
    return _published(column)


def _policy_area_column(area: PolicyArea) -> Column:
    return Column(area.name, lambda r: 1 if area.pk in r.areas else 0, source="area", key=area.pk)


def worst_lateness(latenesses: Iterable[str]) -> str:
    """The worst of a commitment's milestones' lateness ("" without milestones)."""
    return str(min(latenesses, key=LATENESS_ORDER.index, default=""))


def stakeholder_names(roles: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(organisation name, sector) of roles in order → sector: the names, "; "-separated, once each."""
    names: dict[str, dict[str, None]] = {}
    for name, sector in roles:
        names.setdefault(sector, {})[name] = None
    return {sector: "; ".join(found) for sector, found in names.items()}


def _stakeholders(sector: str) -> Callable[[Record], str]:
    return lambda record: record.stakeholders.get(sector, "")


def tracker_columns(permalink: Callable[[str], str]) -> list[Column]:
    """Our columns, after OGP's: stable English headers, whatever the language of the request."""
    return [
        Column(f"{TRACKER}Page URL", lambda r: permalink(r.page.ogp_id)),
        Column(f"{TRACKER}Start date", lambda r: r.page.start_date),
        Column(f"{TRACKER}End date", lambda r: r.page.end_date),
        Column(f"{TRACKER}Milestones", lambda r: r.summary["total"]),
        Column(f"{TRACKER}Milestones met", lambda r: r.summary["met"]),
        Column(f"{TRACKER}Milestones late", lambda r: r.summary["late"]),
        Column(f"{TRACKER}Lateness", lambda r: r.lateness),
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


# What a row reads of its commitment, plan and member (the columns' ``record.page.<field>``).
PAGE_FIELDS = (
    "pk",
    "path",
    "ogp_id",
    "number",
    "theme",
    "full_title",
    "title",
    "short_title",
    "full_text",
    "start_date_text",
    "start_date",
    "end_date_text",
    "end_date",
    "lead_institutions_text",
    "supporting_institutions_text",
    "ogp_url",
    "ogp_extra",
    "withdrawn_on",
    "withdrawal_reason",
)
PLAN_FIELDS = ("path", "number", "start_year", "end_year", "plan_id")
MEMBER_FIELDS = ("path", "title", "code", "region", "level")
NO_MILESTONES = dict.fromkeys(Lateness.values, 0)
IRM_FIELDS = (
    "commitment_id",
    "source_text",  # source_values as text, parsed only when not empty (rows.json_text)
    "star_source",
    "starred_reported",
    "report_type",
    "publication_year",
    "specificity",
    "verifiable",
    "relevant",
    "potential_impact",
    "completion",
)


def _star(assessments: list[tuple]) -> bool | None:
    """``selectors.commitment_star`` of assessments read as ``IRM_FIELDS`` tuples (by pk)."""
    if not assessments:
        return None
    stars = []
    for row in assessments:
        _id, _values, source, reported, report_type, year, specificity, verifiable, relevant, impact, done = (
            row
        )
        if source == irm.StarSource.PUBLISHED:
            star = reported
        elif source == irm.StarSource.NOT_PUBLISHED:
            star = None
        else:
            star = irm.report_star(
                star_source=source,
                starred_reported=reported,
                report_type=report_type,
                publication_year=year,
                inputs=irm.StarInputs(
                    specificity=specificity or None,
                    verifiable=verifiable,
                    relevant=relevant,
                    potential_impact=impact or None,
                    completion=done or None,
                ),
            )
        stars.append((irm.report_order(report_type, year), star))
    if len(stars) > 1:
        stars.sort(key=lambda pair: pair[0])  # stable: reports of the same rank stay in pk order
    return irm.latest_scored_star(star for _order, star in stars)


class CommitmentExport:
    """The rows of one export: ``columns`` once, then ``records()`` as it streams.

    Everything is read as values (``commitments.explorer.rows``): the commitments through one
    cursor, each chunk's relations in one query each; no model instance is built.
    """

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

    def records(self) -> Iterator[Record]:
        self.columns  # noqa: B018 - the header's queries come first
        # Members and action plans are few: all of them, by tree path, in two queries.
        plans = {row["path"]: SimpleNamespace(**row) for row in ActionPlanPage.objects.values(*PLAN_FIELDS)}
        members = {row["path"]: SimpleNamespace(**row) for row in MemberPage.objects.values(*MEMBER_FIELDS)}
        step = Page.steplen
        through = CommitmentPage.policy_areas.through
        counted = {
            str(value): Count("pk", filter=condition)
            for value, condition in rules.milestone_lateness_q(timezone.localdate()).items()
        }
        for chunk in values_chunks(self.queryset, PAGE_FIELDS, chunk_size=self.chunk_size):
            ids = ids_in([page["pk"] for page in chunk], using=self.queryset.db)
            areas: dict[int, set[int]] = defaultdict(set)
            for commitment_id, area_id in through.objects.filter(commitmentpage_id__in=ids).values_list(
                "commitmentpage_id", "policyarea_id"
            ):
                areas[commitment_id].add(area_id)
            # Milestones counted by lateness in the database: one row per commitment.
            milestones = {
                counts.pop("commitment_id"): counts
                for counts in Milestone.objects.filter(commitment_id__in=ids)
                .values("commitment_id")
                .annotate(**counted)
                .order_by()
            }
            assessments = grouped(
                IRMAssessment.objects.filter(commitment_id__in=ids)
                .order_by("pk")
                .annotate(source_text=Cast("source_values", TextField()))
                .values_list(*IRM_FIELDS)
            )
            roles = grouped(
                StakeholderRole.objects.filter(commitment_id__in=ids)
                .order_by("sort_order", "pk")
                .values_list(
                    "commitment_id", "role", "sort_order", "organisation__name", "organisation__sector"
                )
            )
            for row in chunk:
                pk = row["pk"]
                plan_path = row["path"][:-step]
                counts = milestones.get(pk, NO_MILESTONES)
                irm_values: dict[str, Any] = {}
                for assessment in assessments.get(pk, ()):
                    irm_values.update(json_text(assessment[1]))
                ordered = sorted(
                    roles.get(pk, ()), key=lambda r: (ROLE_ORDER.get(r[1], len(ROLE_ORDER)), r[2] or 0)
                )
                self.count += 1
                yield Record(
                    page=SimpleNamespace(**row),
                    plan=plans.get(plan_path),
                    member=members.get(plan_path[:-step]),
                    areas=areas[pk],
                    irm=irm_values,
                    summary={
                        "total": sum(counts.values()),
                        "met": counts[Lateness.MET_ON_TIME] + counts[Lateness.MET_LATE],
                        "late": sum(counts[value] for value in rules.LATE),
                    },
                    lateness=worst_lateness(value for value in LATENESS_ORDER if counts[value]),
                    stakeholders=stakeholder_names((r[3], r[4]) for r in ordered),
                    star=_star(assessments.get(pk, [])),
                )

    def rows(self) -> Iterator[list[Any]]:
        """Each commitment's cells (values: str, int, date or None), in the columns' order."""
        segments = runs(self.columns)
        for record in self.records():
            row: list[Any] = []
            for segment in segments:
                row += segment.values(record)
            yield row

    def csv_rows(self) -> Iterator[list[str]]:
        """Each commitment's cells as CSV text (``rows.csv_text``), in the columns' order."""
        segments = runs(self.columns)
        memo: dict[str, str] = {}
        for record in self.records():
            row: list[str] = []
            for segment in segments:
                row += segment.texts(record, memo)
            yield row

    @property
    def kinds(self) -> list[str]:
        return [column.kind for column in self.columns]
