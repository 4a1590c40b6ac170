"""The explorer's filtered set as CSV and as XLSX.

Both files have the same columns. First OGP's, named and ordered as in OGP's "Commitment
Data" export, with the values the importer reads back to the same records: a CSV export
imports again (``import_ogp_commitments``) and changes nothing. Then ours, headed
``Tracker: …``, which the importer ignores: the commitment's page, its dates as dates, its
milestones and their lateness, its stakeholders by sector.

Formula injection. A spreadsheet takes a cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return for a formula. In the XLSX file every text is written as a typed
string cell, never as a formula, so nothing needs changing. The CSV file is plain text, and
what guards it depends on the column, so that the round trip still holds:

- text that people type on the site and that the importer strips (titles, texts,
  institutions, dates as published, names and codes) gets one leading space: a spreadsheet
  then reads it as text, and the importer's ``strip()`` gives back the value exactly;
- our own columns, which the importer ignores, get OWASP's leading apostrophe;
- OGP's other columns (``ogp_extra``, the IRM's ``source_values``) are written as OGP
  published them: nobody can edit them on the site, and some are negative numbers ("-1"),
  which a prefix would turn into text and which must import back unchanged.

The CSV starts with a UTF-8 byte order mark, so that Excel shows Spanish text right; the
importer reads it (it opens files as ``utf-8-sig``).

Queries: five for the whole export (policy areas, any other OGP columns, action plans,
members, the commitments read through one cursor) and four per chunk of ``CHUNK_SIZE``
commitments (their policy areas, milestones, IRM assessments, and stakeholder roles with
organisations), whatever the number of rows within a chunk. The CSV is streamed as it is
read; the XLSX workbook is written row by row to a temporary file (openpyxl's write-only
mode), so memory stays flat either way.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from django.db import connections
from django.http import FileResponse, HttpRequest, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _

from wagtail.models import Page

from tracker.models import Sector

from . import explorer
from .importers import ogp
from .models import (
    SECTOR_ORDER,
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberLevel,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from .rules import Lateness
from .selectors import ROLE_ORDER, milestone_summary
from .vocabulary import POLICY_AREAS

CHUNK_SIZE = 500
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TRACKER = ogp.TRACKER_COLUMN_PREFIX

# OGP's export, in OGP's order; the policy-area flags (one column per area) go between the two.
OGP_COLUMNS_BEFORE_POLICY_AREAS = (
    "Commitment Unique Identifier",
    "Country/Locality",
    "Action Plan Number",
    "Commitment Number",
    "Code",
    "Region",
    "National Or Local",
    "Commitment Dummy",
    "Year Of Submission",
    "Action Plan End Year",
    "Action Plan Duration (Years)",
    "Theme",
    "Commitment Title",
    "Short Title",
    "Full Text",
    "Start Date",
    "End Date",
    "Lead Institution",
    "Supporting Institution(s)",
)
OGP_COLUMNS_AFTER_POLICY_AREAS = (
    "Report Publication Year (Progress Report)",
    "Compound",
    "Cluster",
    "Specificity",
    "_Specificity",
    "Verifiable",
    "OGP Value Access To Information",
    "OGP Value Civic Participation",
    "OGP Value Public Accountability",
    "OGP Value Technology",
    "_Relevant",
    "Potential Impact",
    "_Potential Impact",
    "Completion (Progress Report)",
    "_CompletionProgress",
    "Starred (2015 Only)",
    "Starred (Current Formula) Progress Report",
    "Potential for Results",
    "_Potential for Results",
    "Cluster (AP Review)",
    "Cluster Commitment ID(s)",
    *ogp.SECOND_REPORT_COLUMNS,  # the end-of-term report's columns, in OGP's order
    "Most Recently Assessed",
    "Star - Most Recently Assessed",
    "IRM Assessed",
    "Updated? (Website)",
    "Active Commitment",
    "Max star",
    "Ambition Assessed",
    "Comp Assessed",
    "DIOG Assessed",
    "Midterm Only",
    "Max Completion",
    "Raw Completion",
    "High Completion",
    "High Ambition",
    "High DIOG",
    "Ambitious and complete, or DIOG",
    "Ambitious but not complete",
    "Complete but not ambitious",
    "Not complete or ambitious",
    "Not reviewed",
    "CHECKSUM",
    "IRM-Based Score",
    "Binding constraint",
    "URL",
    "Latest IRM Report",
    "Subnational in NAPs",
    "Action Plan ID",
    "id",
)
IRM_COLUMNS = frozenset((*ogp.DESIGN_COLUMNS, *ogp.FIRST_REPORT_COLUMNS, *ogp.SECOND_REPORT_COLUMNS))

# How a cell's text is guarded in the CSV (see the module's docstring).
TEXT = "text"  # typed on the site, stripped by the importer: a leading space
PUBLISHED = "published"  # as OGP published it: verbatim
OURS = "ours"  # our columns, ignored by the importer: a leading apostrophe
VALUE = "value"  # numbers, dates, codes and URLs we write ourselves: nothing to guard
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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


# The columns the importer maps to fields, and how to write each back.
FIELD_COLUMNS: dict[str, tuple[Callable[[Record], Any], str]] = {
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
    "Commitment Number": (lambda r: r.page.number, VALUE),
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
    if column in FIELD_COLUMNS:
        value, kind = FIELD_COLUMNS[column]
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
        *(Column(STAKEHOLDER_HEADERS[sector], _stakeholders(sector), OURS) for sector in SECTOR_ORDER),
    ]


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


def _permalink(request: HttpRequest) -> Callable[[str], str]:
    """A function giving a commitment's absolute permalink, built with one ``reverse()``."""
    marker = "OGPID0EXPORT0MARKER"
    url = request.build_absolute_uri(reverse("commitments:permalink", kwargs={"ogp_id": marker}))
    before, after = url.split(marker, 1)
    safe = RFC3986_SUBDELIMS + "/~:@"
    return lambda ogp_id: f"{before}{quote(ogp_id, safe=safe)}{after}"


class CommitmentExport:
    """The rows of one export: ``columns`` once, then ``records()`` as it streams."""

    def __init__(self, request: HttpRequest, queryset, *, chunk_size: int | None = None):
        self.queryset = queryset
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.permalink = _permalink(request)
        self.count = 0
        self._columns: list[Column] | None = None

    @property
    def columns(self) -> list[Column]:
        if self._columns is None:
            known = [*OGP_COLUMNS_BEFORE_POLICY_AREAS, *OGP_COLUMNS_AFTER_POLICY_AREAS]
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
                *(_ogp_column(c) for c in OGP_COLUMNS_BEFORE_POLICY_AREAS),
                *(_policy_area_column(area) for area in areas),
                *(_ogp_column(c) for c in OGP_COLUMNS_AFTER_POLICY_AREAS),
                *(_published(key) for key in others),
                *tracker_columns(self.permalink),
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
            for commitment_id, values in (
                IRMAssessment.objects.filter(commitment_id__in=ids)
                .order_by("pk")
                .values_list("commitment_id", "source_values")
            ):
                irm_values[commitment_id].update(values or {})
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
                    milestones=milestones[page.pk],
                    roles=sorted(roles[page.pk], key=lambda r: ROLE_ORDER.get(r.role, len(ROLE_ORDER))),
                    summary=milestone_summary(milestones[page.pk]),
                )

    def rows(self) -> Iterator[list[tuple[Any, str]]]:
        """Each commitment's cells as (value, kind), in the columns' order."""
        columns = self.columns
        for record in self.records():
            yield [(column.value(record), column.kind) for column in columns]


def filter_query(params: QueryDict) -> str:
    """The explorer's query string for this export (its page number aside)."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _filename(extension: str) -> str:
    return f"commitments-{timezone.localdate():%Y-%m-%d}.{extension}"


# -- CSV ------------------------------------------------------------------------------------


def csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith(FORMULA_START):
            if kind == TEXT:
                return " " + value
            if kind == OURS:
                return "'" + value
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_chunks(export: CommitmentExport, rows_per_chunk: int = 100) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(export.headers)
    for number, row in enumerate(export.rows(), start=1):
        writer.writerow([csv_cell(value, kind) for value, kind in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_view(request: HttpRequest) -> StreamingHttpResponse:
    """The explorer's filtered set, in its order, as CSV that the importer reads back."""
    export = CommitmentExport(request, explorer.filtered_commitments(request.GET))
    response = StreamingHttpResponse(csv_chunks(export), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


# -- XLSX -----------------------------------------------------------------------------------

_INTEGER = re.compile(r"^-?(?:0|[1-9]\d{0,14})$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d{0,14})\.\d{0,14}[1-9]$")
COLUMN_WIDTHS = {
    "Commitment Unique Identifier": 14,
    "Country/Locality": 20,
    "Commitment Title": 50,
    "Short Title": 30,
    "Full Text": 50,
    "Lead Institution": 30,
    "Supporting Institution(s)": 30,
}


def _published_number(text: str) -> int | float | None:
    """OGP's numbers (years, scores, flags) as numbers; anything else stays text."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    return None


def xlsx_cell(sheet, value: Any, kind: str) -> Any:
    """A typed cell value: numbers and dates as such, text always as a string, never a formula."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if kind == PUBLISHED and (number := _published_number(value)) is not None:
        return number
    if value.startswith("=") or value in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _bold(sheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_cell(sheet, value, OURS))
    cell.font = Font(bold=True)
    return cell


def write_xlsx(export: CommitmentExport, handle, *, query: str, explorer_url: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Commitments"))
    sheet.freeze_panes = "B2"  # the header row and the identifiers stay in view
    headers = export.headers
    for index, header in enumerate(headers, start=1):
        if header in COLUMN_WIDTHS:
            sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[header]
    sheet.append([_bold(sheet, header) for header in headers])
    for row in export.rows():
        sheet.append([xlsx_cell(sheet, value, kind) for value, kind in row])
    _write_about(workbook, export, query=query, explorer_url=explorer_url)
    workbook.save(handle)


def _write_about(workbook: Workbook, export: CommitmentExport, *, query: str, explorer_url: str) -> None:
    sheet = workbook.create_sheet(_("About"))
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    rows: Iterable[tuple[str, Any]] = [
        (_("Exported on"), timezone.localdate()),
        (_("Commitments"), export.count),
        (_("Filters"), query or _("None: every commitment")),
        (_("In the explorer"), explorer_url),
        (
            _("Source"),
            _(
                "Commitments and IRM assessments: Open Government Partnership (opengovpartnership.org), "
                "as kept up to date in this tracker. Commitment data © Open Government Partnership; "
                "attribute OGP when reusing it."
            ),
        ),
        (
            _("Columns"),
            _(
                "The columns named as in OGP's “Commitment Data” export hold OGP's data, and the CSV "
                "export of the same set can be imported back. The columns whose names start with "
                "“Tracker:” are computed by this tracker and are ignored on import."
            ),
        ),
        (
            _("Lateness"),
            _(
                "“Tracker: Lateness” is the worst state among the commitment's milestones, from worst "
                "to best: overdue, not_met, met_late, due_soon, not_due, no_due_date, met_on_time."
            ),
        ),
    ]
    sheet.append([_bold(sheet, _("Open Commitments Tracker: commitments export"))])
    sheet.append([])
    for label, value in rows:
        sheet.append([_bold(sheet, label), xlsx_cell(sheet, value, OURS)])


def xlsx_view(request: HttpRequest) -> FileResponse:
    """The explorer's filtered set, in its order, as an XLSX workbook with an "About" sheet."""
    export = CommitmentExport(request, explorer.filtered_commitments(request.GET))
    query = filter_query(request.GET)
    explorer_url = request.build_absolute_uri(reverse("commitments:explorer")) + (
        f"?{query}" if query else ""
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(export, handle, query=query, explorer_url=explorer_url)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE
    )
