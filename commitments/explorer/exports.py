"""The explorer's filtered set as CSV and as XLSX, with the rows of ``commitments.ogp.export``.

Formula injection (see ``tracker.formulas``). Every cell of both files, headers and
published values included, is guarded against a spreadsheet running it as a formula:

- in the CSV, text that a spreadsheet would take for a formula (``=1+1``, ``@SUM(1)``, ``+1``,
  ``-1+2``, a leading tab or carriage return) gets a leading apostrophe, which the importer
  takes off again, so that the round trip still holds; a plain number such as ``-1`` stays
  as it is (a number, not a formula, and it must import back unchanged);
- in the XLSX workbook every text is a typed string cell, never a formula, and formula-like
  text is also marked "quote prefix", as a spreadsheet marks text typed after an apostrophe,
  so that editing the cell does not turn it into a formula either.

The CSV starts with a UTF-8 byte order mark, so that Excel shows Spanish text right; the
importer reads it (it opens files as ``utf-8-sig``). The CSV is streamed as it is read; the
XLSX workbook is written row by row to a temporary file (openpyxl's write-only mode), so
memory stays flat either way.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _

from tracker.formulas import formula_like

from ..ogp.export import OURS, PUBLISHED, CommitmentExport
from . import facets
from .rows import csv_text

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def site_address(request: HttpRequest) -> str:
    """The site's address as the request reached it (``https://host``): the start of a file's links."""
    return request.build_absolute_uri("/").rstrip("/")


def permalinks(base_url: str) -> Callable[[str], str]:
    """A function giving a commitment's absolute permalink in the active language, built with
    one ``reverse()``."""
    marker = "OGPID0EXPORT0MARKER"
    url = base_url + reverse("commitments:permalink", kwargs={"ogp_id": marker})
    before, after = url.split(marker, 1)
    safe = RFC3986_SUBDELIMS + "/~:@"
    return lambda ogp_id: f"{before}{quote(ogp_id, safe=safe)}{after}"


def permalink_builder(request: HttpRequest) -> Callable[[str], str]:
    return permalinks(site_address(request))


def filter_query(params: QueryDict) -> str:
    """The explorer's query string for this export (its page number aside)."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _filename(extension: str) -> str:
    return f"commitments-{timezone.localdate():%Y-%m-%d}.{extension}"


# -- CSV ------------------------------------------------------------------------------------


def csv_cell(value: Any, kind: str = OURS) -> str:
    """A CSV cell's text: dates in ISO form, formula-like text guarded (whatever its kind)."""
    return csv_text(value)


def csv_chunks(export: CommitmentExport, rows_per_chunk: int = 100) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_text(header) for header in export.headers])
    rows = export.csv_rows()
    while chunk := list(itertools.islice(rows, rows_per_chunk)):
        writer.writerows(chunk)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def csv_view(request: HttpRequest) -> StreamingHttpResponse:
    """The explorer's filtered set, in its order, as CSV that the importer reads back."""
    export = CommitmentExport(facets.filtered_commitments(request.GET), permalink=permalink_builder(request))
    response = StreamingHttpResponse(csv_chunks(export), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


# -- XLSX -----------------------------------------------------------------------------------

_INTEGER = re.compile(r"^-?(?:0|[1-9]\d{0,14})$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d{0,14})\.\d{0,14}[1-9]$")
# A background export tells how far it has got every this many rows.
PROGRESS_ROWS = 500
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
    if value.startswith("=") or value in ERROR_CODES or formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = formula_like(value)
        return cell
    return value


def _bold(sheet, value: Any) -> Cell:
    cell = xlsx_cell(sheet, value, OURS)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = Font(bold=True)
    return cell


def write_xlsx(
    export: CommitmentExport,
    handle,
    *,
    query: str,
    explorer_url: str,
    progress: Callable[[int], None] | None = None,
) -> None:
    """The workbook, to ``handle``; ``progress(rows)`` is told every ``PROGRESS_ROWS`` rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Commitments"))
    sheet.freeze_panes = "B2"  # the header row and the identifiers stay in view
    headers = export.headers
    for index, header in enumerate(headers, start=1):
        if header in COLUMN_WIDTHS:
            sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[header]
    sheet.append([_bold(sheet, header) for header in headers])
    kinds = export.kinds
    for number, row in enumerate(export.rows(), start=1):
        sheet.append([xlsx_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)])
        if progress and number % PROGRESS_ROWS == 0:
            progress(number)
    _write_about(workbook, export, query=query, explorer_url=explorer_url)
    workbook.save(handle)
    if progress:
        progress(export.count)


def xlsx_export(params: QueryDict, handle, *, base_url: str, progress=None) -> int:
    """The explorer's set for ``params`` as a workbook written to ``handle``, in the active
    language, its links starting with ``base_url``; returns its number of commitments."""
    export = CommitmentExport(facets.filtered_commitments(params), permalink=permalinks(base_url))
    query = filter_query(params)
    explorer_url = base_url + reverse("commitments:explorer") + (f"?{query}" if query else "")
    write_xlsx(export, handle, query=query, explorer_url=explorer_url, progress=progress)
    return export.count


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
        (
            _("Star"),
            _(
                "“Tracker: Starred” is the commitment's star (1 starred, 0 not starred, empty when no "
                "report has one): the star of its latest scored IRM report, as OGP's “Max star”. A "
                "report's star is OGP's where OGP published one; it is computed only for reports "
                "entered in the tracker."
            ),
        ),
    ]
    sheet.append([_bold(sheet, _("Open Commitments Tracker: commitments export"))])
    sheet.append([])
    for label, value in rows:
        sheet.append([_bold(sheet, label), xlsx_cell(sheet, value, OURS)])


def xlsx_in_request(rows: int) -> bool:
    """Whether a workbook of this many commitments is made in the request (else in the background)."""
    return rows <= settings.EXPORT_XLSX_IN_REQUEST_MAX


def xlsx_view(request: HttpRequest) -> HttpResponse:
    """The explorer's filtered set, in its order, as an XLSX workbook with an "About" sheet.

    Up to ``EXPORT_XLSX_IN_REQUEST_MAX`` commitments, made here; more go to the page that has
    it made in the background (``reports``) and shows its progress.
    """
    if not xlsx_in_request(facets.filtered_commitments(request.GET).count()):
        query = filter_query(request.GET)
        return redirect(reverse("reports:spreadsheet") + (f"?{query}" if query else ""))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    xlsx_export(request.GET, handle, base_url=site_address(request))
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE
    )
