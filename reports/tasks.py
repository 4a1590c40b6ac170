"""Report generation in the background, on the "reports" task backend (database-backed)."""

from __future__ import annotations

import logging

from django_tasks import task

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .build import report_html
from .models import Report
from .render import RenderError, render

logger = logging.getLogger(__name__)


def storage_name(report: Report) -> str:
    """Where the file lives: by kind, page, language and the data's digest."""
    return f"{report.kind}/{report.page_id}/{report.language}-{report.version[:32]}.pdf"


def make_report(report_id: str) -> str:
    """Render one report and store it; returns its final status. Safe to call twice."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == Report.Status.READY:
            return report.status if report else "missing"
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.error = ""
        report.save(update_fields=["status", "started_at", "error"])
    try:
        html = report_html(report)
        rendered = render(html)
    except RenderError as exc:
        logger.warning("Report %s failed: %s", report_id, exc.detail)
        report.status = Report.Status.FAILED
        report.error = exc.reason
    except Exception:
        logger.exception("Report %s failed", report_id)
        report.status = Report.Status.FAILED
        report.error = "The report could not be made."
    else:
        report.file.save(storage_name(report), ContentFile(rendered.pdf), save=False)
        report.pages = rendered.pages
        report.seconds = rendered.seconds
        report.status = Report.Status.READY
    report.finished_at = timezone.now()
    report.save()
    return report.status


@task(backend="reports")
def generate_report(report_id: str) -> str:
    return make_report(report_id)
