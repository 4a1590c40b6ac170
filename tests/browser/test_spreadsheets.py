"""A visitor exports a big set to Excel: asks for it, watches its rows being written, downloads it.
axe on the pages in Spanish and English; the status page works without JavaScript too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from django.core.management import call_command

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, sample_csv, settings):
    from commitments.ogp.importer import import_ogp_commitments

    settings.EXPORT_XLSX_IN_REQUEST_MAX = 10  # the sample's 60 commitments go to the background
    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    return live_server.url


def work():
    call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def no_violations(page, axe) -> None:
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()


def test_a_visitor_exports_a_big_set_and_watches_it_being_made(site, page, axe):
    page.goto(site + "/es/commitments/?sort=title")
    page.get_by_role("link", name="Excel (XLSX)").click()
    expect(page.get_by_text("Estos filtros seleccionan 60 compromisos")).to_be_visible()
    no_violations(page, axe)
    page.get_by_role("button", name="Preparar el archivo").click()
    assert "/es/reports/spreadsheet/" in page.url
    expect(page.get_by_text("Esperando su turno")).to_be_visible()
    expect(page.get_by_text("0 de 60 filas")).to_be_visible()
    no_violations(page, axe)

    work()  # the worker `make run` starts beside the server
    # htmx refreshes the status in place: the link shows without a reload by the visitor.
    link = page.get_by_role("link", name="Descargar el archivo")
    link.wait_for(state="visible", timeout=15_000)
    expect(page.get_by_text("60 de 60 filas")).to_be_visible()
    no_violations(page, axe)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        assert handle.read(2) == b"PK"  # a zip: the workbook


def test_in_english_and_without_javascript(site, page, browser, axe):
    page.goto(site + "/en/reports/spreadsheet/?sort=newest")
    no_violations(page, axe)
    page.get_by_role("button", name="Make the file").click()
    expect(page.get_by_text("Waiting for its turn")).to_be_visible()
    no_violations(page, axe)
    status_url = page.url

    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    plain = context.new_page()
    try:
        plain.goto(status_url)
        assert '<meta http-equiv="refresh" content="3">' in plain.content()
        work()
        plain.get_by_role("link", name="Reload").click()  # or wait for the meta refresh
        expect(plain.get_by_role("link", name="Download the file")).to_be_visible()
        assert 'http-equiv="refresh"' not in plain.content()
    finally:
        context.close()
