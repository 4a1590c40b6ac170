"""A visitor asks for a PDF report, watches it being made and downloads it; axe on the status page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from django.core.management import call_command

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, sample_csv):
    from commitments.ogp.importer import import_ogp_commitments

    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    return live_server.url


def work():
    call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def test_a_visitor_asks_for_a_report_watches_it_and_downloads_it(site, page, axe):
    page.goto(site + "/es/france/ap_fra01/fr0026/")
    page.get_by_role("button", name="Descargar PDF").click()
    assert "/es/reports/" in page.url
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_text("Esperando su turno")).to_be_visible()
    expect(page.get_by_text("Paso 1 de 3")).to_be_visible()
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()

    work()  # the worker `make run` starts beside the server
    # The page polls and shows the link by itself, without a reload by the visitor.
    link = page.get_by_role("link", name="Descargar el PDF")
    link.wait_for(state="visible", timeout=15_000)
    expect(page.get_by_text("Listo")).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith("-es.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()


def test_in_english_and_without_javascript(site, page, browser, axe):
    page.goto(site + "/en/ukraine/ap_ukr05/")
    page.get_by_role("button", name="Download PDF").click()
    expect(page.get_by_text("Waiting for its turn")).to_be_visible()
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    status_url = page.url

    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    plain = context.new_page()
    try:
        plain.goto(status_url)
        assert '<meta http-equiv="refresh" content="3">' in plain.content()
        work()
        plain.get_by_role("link", name="Reload").click()  # or wait for the meta refresh
        expect(plain.get_by_role("link", name="Download the PDF")).to_be_visible()
        assert 'http-equiv="refresh"' not in plain.content()
        # (axe needs JavaScript: it ran on this page above, with it.)
    finally:
        context.close()
