"""The reports read back: titles, statuses, numbers, Spanish labels, page labels, bookmarks, PDF/UA.

One render per report, shared by the module's assertions (WeasyPrint takes about a second).
"""

from __future__ import annotations

import io

import pytest

from django.utils import translation

from commitments.models import CommitmentPage, MemberPage
from commitments.selectors import action_plan_page_context
from reports.build import report_html
from reports.render import render

from .conftest import make_report, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plan_pdfs(biggest_plan, django_db_blocker):
    """The biggest plan's report in English and Spanish: {language: (pdf bytes, pages)}."""
    with django_db_blocker.unblock():
        out = {}
        for language in ("en", "es"):
            rendered = render(report_html(make_report(biggest_plan, language)))
            assert rendered.refused == []
            out[language] = rendered
        return out


def reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(outline_titles(item))
        else:
            titles.append(item.title)
    return titles


def test_plan_report_has_title_commitments_statuses_and_numbers(plan_pdfs, biggest_plan):
    text = pdf_text(plan_pdfs["en"].pdf)
    context = action_plan_page_context(biggest_plan)
    rollup = context["rollup"]
    assert f"{biggest_plan.label}: progress report" in text
    assert biggest_plan.get_parent().specific.display_name in text
    assert f"Commitments {rollup.commitments}" in text
    met = rollup.milestones_met
    assert f"Milestones met {met.count} / {met.total} {met.percent}%" in text
    assert met.total == 3 and met.count == 1
    for row in context["commitment_rows"]:
        assert row.page.ogp_id in text
        assert f"/en/commitments/{row.page.ogp_id}/" in text  # the permalink
        for milestone in row.page.milestones.all():
            assert str(milestone.get_status_display()) in text
    assert "Open Government Partnership" in text  # source attribution
    assert f"Page 1 of {plan_pdfs['en'].pages}" in text
    assert "Made " in text


def test_plan_report_in_spanish(plan_pdfs, biggest_plan):
    text = pdf_text(plan_pdfs["es"].pdf)
    assert "informe de avance" in text
    assert "Hitos" in text
    assert "Resumen" in text
    assert "Fuentes" in text
    assert f"Página 1 de {plan_pdfs['es'].pages}" in text
    assert "/es/commitments/" in text
    assert "Page 1 of" not in text
    assert "Celebrar" not in text  # the record stays in the language it was published in
    assert "Hold public hearings in every region" in text
    assert "No cumplido" in text and "Programado" in text
    pdf = reader(plan_pdfs["es"].pdf)
    assert pdf.trailer["/Root"]["/Lang"] == "es"


def test_document_metadata_page_labels_bookmarks_and_pdf_ua(plan_pdfs, biggest_plan):
    pdf = reader(plan_pdfs["en"].pdf)
    root = pdf.trailer["/Root"]
    assert pdf.metadata.title == f"{biggest_plan.label}: progress report"
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    assert pdf.page_labels == [str(n) for n in range(1, len(pdf.pages) + 1)]
    titles = outline_titles(pdf.outline)
    assert titles[0] == f"{biggest_plan.label}: progress report"
    assert "Summary" in titles and "Sources" in titles
    first = CommitmentPage.objects.live().child_of(biggest_plan).order_by("number", "ogp_id").first()
    assert any(title.startswith(first.ogp_id) for title in titles)
    xmp = pdf.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_commitment_report_is_the_section_alone(biggest_plan):
    commitment = CommitmentPage.objects.live().child_of(biggest_plan).order_by("number", "ogp_id").first()
    rendered = render(report_html(make_report(commitment, "en")))
    text = pdf_text(rendered.pdf)
    assert rendered.pages <= 3
    assert f"{commitment.ogp_id}: commitment report" in text
    assert "Hold public hearings in every region June 1, 2013 Not met Not met" in text
    assert "Publish the draft law for comment March 1, 2013 Met Met on time" in text
    assert "Adopt the law in parliament Jan. 1, 2099 Scheduled Not yet due" in text
    assert "1 of 3 met; 1 late." in text


def test_member_report_has_every_plan(imported_once):
    member = min(MemberPage.objects.live(), key=lambda m: (m.get_children().live().count() < 2, m.title))
    plans = [p.specific for p in member.get_children().live()]
    rendered = render(report_html(make_report(member, "es")))
    text = pdf_text(rendered.pdf)
    assert f"{member.display_name}: informe de avance" in text
    with translation.override("es"):
        for plan in plans:
            assert str(plan.label) in text
