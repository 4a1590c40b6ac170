"""The explorer's big XLSX exports, made in the background like the PDF reports.

A workbook of more than ``EXPORT_XLSX_IN_REQUEST_MAX`` commitments takes seconds to write, too
long for a request. The request finds the ``SpreadsheetExport`` for the filters, the language,
the site's address and the data's version (``spreadsheet_version``): ready, the visitor gets
its file; otherwise it is queued on the "reports" task backend, and a worker writes it
(``make_spreadsheet``), saying how many rows it has written every ``PROGRESS_ROWS`` rows, which
the status page shows.
"""

from __future__ import annotations

import datetime
import hashlib
import tempfile

from django_tasks import task

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from commitments.explorer.exports import xlsx_export
from commitments.explorer.facets import filtered_commitments
from commitments.explorer.facts import facts_version

from .background import make_file
from .models import SpreadsheetExport

# Bump when the workbook's columns or layout change what a stored file would hold.
FORMAT_VERSION = "1"


def spreadsheet_key(*, query: str, language: str, base_url: str) -> str:
    """What a workbook shows: its filters, its language and the address its links start with."""
    return hashlib.sha256(f"{query}\n{language}\n{base_url}".encode()).hexdigest()


def spreadsheet_version() -> str:
    """The data's version: the explorer's facts version (any change to the record) and the day
    (lateness changes at midnight)."""
    text = f"{FORMAT_VERSION}:{facts_version()}:{timezone.localdate().isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()


def storage_name(export: SpreadsheetExport) -> str:
    return f"{export.key[:32]}/{export.language}-{export.version[:32]}.xlsx"


def make_spreadsheet(export_id: str) -> str:
    """Write one workbook and store it; returns its final status. Safe to call twice."""
    return make_file(
        SpreadsheetExport,
        export_id,
        _write,
        _keep,
        label="Spreadsheet export",
        failure="The file could not be made.",
        reset={"rows_done": 0},
    )


def _write(export: SpreadsheetExport) -> int:
    """Writes the workbook, saying how many rows it has written as it goes; returns how many."""

    def progress(rows: int) -> None:
        SpreadsheetExport.objects.filter(pk=export.pk).update(rows_done=rows)

    params = QueryDict(export.query)
    with translation.override(export.language), tempfile.TemporaryFile() as handle:
        total = filtered_commitments(params).count()
        SpreadsheetExport.objects.filter(pk=export.pk).update(rows_total=total)
        export.rows_total = total
        rows = xlsx_export(params, handle, base_url=export.base_url, progress=progress)
        handle.seek(0)
        export.file.save(storage_name(export), File(handle), save=False)
    return rows


def _keep(export: SpreadsheetExport, rows: int) -> None:
    export.rows_done = export.rows_total = rows


def spreadsheets_prune(*, older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Delete exports asked for before ``now - older_than`` (ready or failed: one being made is
    kept), with their files: a visitor downloads the file soon after asking, and asking again
    makes it again. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - older_than
    doomed = SpreadsheetExport.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[SpreadsheetExport.Status.QUEUED, SpreadsheetExport.Status.RUNNING]
    )
    deleted = 0
    for export in doomed.only("pk", "file").iterator():
        with transaction.atomic():
            export.delete()  # the file goes with it (reports.signals)
        deleted += 1
    return deleted


@task(backend="reports")
def generate_spreadsheet(export_id: str) -> str:
    return make_spreadsheet(export_id)
