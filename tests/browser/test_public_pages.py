"""Public pages in a real browser: navigation as a visitor does it, and axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site

# Transactional, so that the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = {
    "home": "/",
    "member": "/ukraine/",
    "action plan": "/ukraine/ap_ukr05/",
    "commitment": "/france/ap_fra01/fr0026/",
    "login": "/accounts/login/",
    "explorer": "/commitments/",
    "explorer, filtered": "/commitments/?region=Europe&starred=no&completion=substantial&sort=title",
    "unknown permalink": "/commitments/UA9999/",
    "explorer, red flag": "/commitments/?flag=triangle_empty&flag=stale",
    "unsubscribe, unknown link": "/unsubscribe/not-a-token/",
}
STATUS = {"unknown permalink": 404, "unsubscribe, unknown link": 404}


@pytest.fixture
def site(live_server, sample_csv):
    from commitments import services
    from commitments.models import CommitmentPage
    from commitments.ogp.importer import import_ogp_commitments

    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    commitment = CommitmentPage.objects.get(ogp_id="FR0026")
    services.milestone_create(commitment=commitment, title="Decree published", status="met")
    return live_server.url


def test_a_visitor_goes_from_home_to_a_commitment_and_switches_language(site, page):
    page.goto(site + "/")
    assert page.url == site + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="France").click()
    page.get_by_role("link", name="Action plan 1 (2015–2017)").click()
    page.get_by_role("link", name="Protect Against Conflicts of Interest").click()
    assert page.url.endswith("/en/france/ap_fra01/fr0026/")
    # The short title is the heading; the full title follows it.
    assert page.get_by_role("heading", level=1).inner_text() == "Protect Against Conflicts of Interest"
    assert page.locator(".page-head__full").inner_text().startswith("Instill a Greater Sense")
    expect(page.get_by_text("★ Starred").first).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    assert page.url.endswith("/es/france/ap_fra01/fr0026/")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("heading", name="Mecanismo de Revisión Independiente")).to_be_visible()
    expect(page.get_by_text("★ Destacado").first).to_be_visible()


def test_every_public_page_type_has_no_axe_violations_in_either_language(site, page, axe):
    """One import, every page type in both languages; all violations reported together."""
    reports = []
    for language in ("en", "es"):
        for name, path in PUBLIC_PAGES.items():
            response = page.goto(f"{site}/{language}{path}")
            assert response.status == STATUS.get(name, 200), (name, language)
            assert page.locator("html").get_attribute("lang") == language
            results = axe.run(page, options=WCAG_22_AA)
            if results.violations_count:
                reports.append(f"{name} ({language}) {page.url}\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
