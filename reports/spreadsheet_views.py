"""Ask for a big XLSX export, watch it being written, download it. Anyone may: it is public data.

``GET reports/spreadsheet/?<filters>`` says how many commitments the workbook will hold and asks
to have it made; the POST finds or queues it (limited per visitor like the PDF reports) and
goes to its status page, which shows the rows written so far: it reloads itself without
JavaScript, and refreshes in place with htmx.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from commitments.explorer.exports import XLSX_CONTENT_TYPE, filter_query, site_address, xlsx_in_request
from commitments.explorer.facets import filtered_commitments

from .background import BackgroundFile, status_page
from .models import SpreadsheetExport
from .spreadsheets import generate_spreadsheet, spreadsheet_key, spreadsheet_version

XLSX = BackgroundFile(
    SpreadsheetExport,
    generate_spreadsheet,
    "reports:spreadsheet_status",
    "reports:spreadsheet_download",
    "export_id",
)


def _xlsx_url(query: str) -> str:
    return reverse("commitments:export_xlsx") + (f"?{query}" if query else "")


# No CSRF token, as for the PDF reports: the explorer links here from pages served to anonymous
# visitors from the page cache. Forging the POST gains nothing: it asks for a public export, the
# same for everyone, limited per address (REPORTS_PER_VISITOR).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def spreadsheet_request(request: HttpRequest) -> HttpResponse:
    params = request.GET if request.method == "GET" else QueryDict(request.POST.get("query", ""))
    query = filter_query(params)
    rows = filtered_commitments(QueryDict(query)).count()
    if request.method == "GET" or xlsx_in_request(rows):
        if request.method == "POST":  # small enough to be made at once
            return redirect(_xlsx_url(query))
        context = {
            "query": query,
            "rows": rows,
            "in_request": xlsx_in_request(rows),
            "xlsx_url": _xlsx_url(query),
        }
        return TemplateResponse(request, "reports/spreadsheet_ask.html", context)
    language = get_language() or settings.LANGUAGE_CODE
    key = spreadsheet_key(query=query, language=language, base_url=site_address(request))
    return XLSX.find_or_queue(
        request,
        lookup={"key": key, "version": spreadsheet_version()},
        create={"query": query, "language": language, "base_url": site_address(request), "rows_total": rows},
        retry={"rows_done": 0},
        too_many=lambda: TemplateResponse(
            request,
            "reports/spreadsheet_problem.html",
            {
                "message": _(
                    "You have asked for many files in a short time. Please try again in a few minutes."
                )
            },
            status=429,
        ),
    )


@require_GET
def spreadsheet_status(request: HttpRequest, export_id) -> HttpResponse:
    export = get_object_or_404(SpreadsheetExport, pk=export_id)
    explorer = reverse("commitments:explorer") + (f"?{export.query}" if export.query else "")
    return status_page(
        request, "reports/spreadsheet_status.html", {"export": export, "explorer_url": explorer}
    )


@require_GET
def spreadsheet_download(request: HttpRequest, export_id) -> HttpResponse:
    export = get_object_or_404(SpreadsheetExport, pk=export_id)
    return XLSX.download(
        export,
        name=lambda export: f"commitments-{export.created_at:%Y-%m-%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
        missing=_("The file of this export is missing."),
    )
