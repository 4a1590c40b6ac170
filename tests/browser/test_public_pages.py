"""Public pages in a real browser: navigation as a visitor does it, and axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import WCAG_22_AA

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, sample_csv):
    from commitments.importers.ogp import import_ogp_commitments
    from commitments.models import CommitmentPage

    import_ogp_commitments(sample_csv)
    commitment = CommitmentPage.objects.get(ogp_id="FR0026")
    from commitments import services

    services.milestone_create(commitment=commitment, title="Decree published", status="met")
    return live_server.url


def assert_no_violations(axe, page):
    results = axe.run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_a_visitor_goes_from_home_to_a_commitment_and_switches_language(site, page, axe):
    page.goto(site + "/")
    assert page.url == site + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="France").click()
    page.get_by_role("link", name="Action plan 1 (2015–2017)").click()
    page.get_by_role("link", name="Protect Against Conflicts of Interest").click()
    assert page.url.endswith("/en/france/ap_fra01/fr0026/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Instill a Greater Sense")
    assert page.get_by_text("★ Starred").first.is_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    assert page.url.endswith("/es/france/ap_fra01/fr0026/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Mecanismo de Revisión Independiente").is_visible()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "path",
    ["/", "/ukraine/", "/ukraine/ap_ukr05/", "/france/ap_fra01/fr0026/", "/accounts/login/"],
    ids=["home", "member", "action-plan", "commitment", "login"],
)
def test_public_pages_have_no_axe_violations(site, page, axe, language, path):
    response = page.goto(f"{site}/{language}{path}")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert_no_violations(axe, page)
