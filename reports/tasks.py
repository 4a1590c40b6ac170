"""Report generation in the background, on the "reports" task backend (database-backed)."""

from __future__ import annotations

from django_tasks import task

from django.core.files.base import ContentFile

from .background import CouldNotMake, make_file
from .build import report_html
from .models import Report
from .render import RenderError, render


def storage_name(report: Report) -> str:
    """Where the file lives: by kind, page, language and the data's digest."""
    return f"{report.kind}/{report.page_id}/{report.language}-{report.version[:32]}.pdf"


def make_report(report_id: str) -> str:
    """Render one report and store it; returns its final status. Safe to call twice."""
    return make_file(
        Report,
        report_id,
        _render,
        _keep,
        label="Report",
        failure="The report could not be made.",
    )


def _render(report: Report):
    try:
        return render(report_html(report))
    except RenderError as exc:  # the visitor is told why
        raise CouldNotMake(exc.reason, exc.detail) from exc


def _keep(report: Report, rendered) -> None:
    report.file.save(storage_name(report), ContentFile(rendered.pdf), save=False)
    report.pages = rendered.pages
    report.seconds = rendered.seconds


@task(backend="reports")
def generate_report(report_id: str) -> str:
    return make_report(report_id)
