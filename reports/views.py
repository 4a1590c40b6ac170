"""Ask for a report, watch it being made, download it. Anyone may ask; limits apply.

The request that asks never renders: it finds the report for the page, the language and the
data's current digest. Ready: straight to the file. Otherwise it is queued on the "reports"
task backend (a worker renders it) and the visitor goes to its status page.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Page

from commitments.scores.models import ScoringRound
from commitments.scores.shadow import organisations_with_scores
from tracker.models import Organisation

from .background import BackgroundFile, status_page
from .build import kind_of
from .models import Report
from .tasks import generate_report
from .versions import data_version, shadow_version

PDF = BackgroundFile(Report, generate_report, "reports:status", "reports:download", "report_id")


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return TemplateResponse(request, "reports/problem.html", {"message": message}, status=status)


# No CSRF token: the form sits on pages served to anonymous visitors from the page cache, where a
# token would belong to someone else. Forging this request gains nothing: it asks for the public
# report of a public page, the same for everyone, limited per address (REPORTS_PER_VISITOR).
@csrf_exempt
@require_POST
def request_report(request: HttpRequest) -> HttpResponse:
    if "round" in request.POST or "organisation" in request.POST:
        return _request_shadow(request)
    page_id = request.POST.get("page", "")
    if not page_id.isdigit():
        return _problem(request, _("Choose a member, an action plan or a commitment to report on."), 400)
    page = Page.objects.live().public().filter(pk=int(page_id)).first()
    kind = kind_of(page) if page else None
    if kind is None:
        return _problem(request, _("There is no report for that page."), 404)
    version, changed = data_version(page)
    return _find_or_queue(request, kind=kind, page=page, version=version, changed=changed)


def _request_shadow(request: HttpRequest) -> HttpResponse:
    """An organisation's shadow report on a plan in a round: its published scores only."""
    round_id, organisation_id = request.POST.get("round", ""), request.POST.get("organisation", "")
    if not (round_id.isdigit() and organisation_id.isdigit()):
        return _problem(request, _("Choose a scoring round and an organisation to report on."), 400)
    scoring_round = ScoringRound.objects.select_related("action_plan").filter(pk=int(round_id)).first()
    organisation = Organisation.objects.filter(pk=int(organisation_id)).first()
    if (
        scoring_round is None
        or organisation is None
        or not scoring_round.action_plan.live
        or organisation not in organisations_with_scores(scoring_round)
    ):
        return _problem(request, _("That organisation has published no score in that round."), 404)
    plan = scoring_round.action_plan
    version, changed = shadow_version(plan, scoring_round.pk, organisation.pk)
    return _find_or_queue(
        request,
        kind=Report.Kind.SHADOW,
        page=plan,
        version=version,
        changed=changed,
        scoring_round=scoring_round,
        organisation=organisation,
    )


def _find_or_queue(
    request: HttpRequest, *, kind: str, page, version: str, changed, **subject
) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    return PDF.find_or_queue(
        request,
        lookup={"kind": kind, "page": page, "language": language, "version": version},
        create={"data_changed_at": changed, **subject},
        too_many=lambda: _problem(
            request,
            _("You have asked for many reports in a short time. Please try again in a few minutes."),
            429,
        ),
    )


def _status_payload(report: Report) -> dict:
    return {
        "status": report.status,
        "label": str(report.get_status_display()),
        "step": report.step,
        "steps": 3,
        "download": reverse("reports:download", kwargs={"report_id": report.pk})
        if report.status == Report.Status.READY
        else None,
        "error": _(report.error) if report.error else "",
    }


@require_GET
def report_status(request: HttpRequest, report_id) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("page"), pk=report_id)
    if request.GET.get("format") == "json":
        return JsonResponse(_status_payload(report))
    return status_page(
        request,
        "reports/status.html",
        {"report": report, "subject": report.page.specific, "payload": _status_payload(report)},
    )


@require_GET
def download(request: HttpRequest, report_id) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    return PDF.download(
        report,
        name=_file_name,
        content_type="application/pdf",
        missing=_("The file of this report is missing."),
    )


def _file_name(report: Report) -> str:
    title = report.page.title
    if report.kind == Report.Kind.SHADOW and report.organisation_id:
        title = f"{report.organisation.name} {title} {report.scoring_round.name}"
    return f"{slugify(title)[:60] or 'report'}-{report.language}.pdf"
