"""Ask for a big XLSX export, watch it being written, download it. Anyone may: it is public data.

``GET reports/spreadsheet/?<filters>`` says how many commitments the workbook will hold and asks
to have it made; the POST finds or queues it (limited per visitor like the PDF reports) and
goes to its status page, which shows the rows written so far: it reloads itself without
JavaScript, and refreshes in place with htmx.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from commitments.explorer.exports import XLSX_CONTENT_TYPE, filter_query, site_address, xlsx_in_request
from commitments.explorer.facets import filtered_commitments

from .models import SpreadsheetExport
from .spreadsheets import generate_spreadsheet, spreadsheet_key, spreadsheet_version
from .views import LIMIT_WINDOW, over_limit


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
    version = spreadsheet_version()
    export = SpreadsheetExport.objects.filter(key=key, version=version).first()
    if export is not None and export.status == SpreadsheetExport.Status.READY:
        return redirect("reports:spreadsheet_download", export_id=export.pk)
    if export is not None and export.is_pending:
        return redirect("reports:spreadsheet_status", export_id=export.pk)
    if over_limit(request):
        response = TemplateResponse(
            request,
            "reports/spreadsheet_problem.html",
            {
                "message": _(
                    "You have asked for many files in a short time. Please try again in a few minutes."
                )
            },
            status=429,
        )
        response["Retry-After"] = str(LIMIT_WINDOW)
        return response
    try:
        with transaction.atomic():
            if export is None:
                export = SpreadsheetExport.objects.create(
                    key=key,
                    query=query,
                    language=language,
                    base_url=site_address(request),
                    version=version,
                    rows_total=rows,
                )
            else:  # failed before: try again
                export.status = SpreadsheetExport.Status.QUEUED
                export.error = ""
                export.rows_done = 0
                export.save(update_fields=["status", "error", "rows_done"])
            export_id = str(export.pk)
            transaction.on_commit(lambda: generate_spreadsheet.enqueue(export_id))
    except IntegrityError:  # someone else asked for the same file at the same moment
        export = SpreadsheetExport.objects.get(key=key, version=version)
    return redirect("reports:spreadsheet_status", export_id=export.pk)


@require_GET
def spreadsheet_status(request: HttpRequest, export_id) -> HttpResponse:
    export = get_object_or_404(SpreadsheetExport, pk=export_id)
    explorer = reverse("commitments:explorer") + (f"?{export.query}" if export.query else "")
    response = TemplateResponse(
        request, "reports/spreadsheet_status.html", {"export": export, "explorer_url": explorer}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def spreadsheet_download(request: HttpRequest, export_id) -> HttpResponse:
    export = get_object_or_404(SpreadsheetExport, pk=export_id)
    if export.status != SpreadsheetExport.Status.READY or not export.file:
        return redirect("reports:spreadsheet_status", export_id=export.pk)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this export is missing.")) from exc
    name = f"commitments-{export.created_at:%Y-%m-%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
