"""Follow the money in a real browser: a POC (signed in with two-factor) links a commitment to an
imported OCDS process; the public page shows the process, budget → contracted → paid, the
supplier's beneficial owners and the red flags, in English and Spanish, with no axe-core
violations, and fits a 390 px phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from commitments.contracting.importing import import_ocds
from commitments.contracting.owners import import_bods
from tests.browser.conftest import WCAG_22_AA
from tests.browser.test_rebaselining import sign_in
from tests.commitments.progress_fixtures import build_world
from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parent.parent / "data" / "contracting"


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    world = build_world()
    for user in world.users.values():
        if user:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # The sample process, and a second one with a single tenderer; its supplier's owners.
    import_ocds(DATA / "ocds_record_package.json")
    import_bods(DATA / "bods_04.json")
    return world


def _axe_clean(axe, page) -> None:
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()


def test_a_poc_links_a_commitment_and_the_public_page_follows_the_money(world, live_server, browser, axe):
    site = live_server.url
    commitment_url = f"{site}/en{world.commitment.url.removeprefix('/en')}"

    poc = sign_in(browser, site, "poc")
    poc.goto(commitment_url)
    poc.get_by_role("link", name="Link a contracting process or project").click()
    poc.get_by_label("Contracting process (ocid)").fill("213czf-000-00001")
    poc.get_by_role("region", name="A contracting process (OCDS)").get_by_label(
        "implements the commitment"
    ).check()
    poc.get_by_role("button", name="Link the process").click()
    expect(poc.get_by_text("is not an OCDS ocid").first).to_be_visible()
    _axe_clean(axe, poc)
    poc.get_by_label("Contracting process (ocid)").fill("ocds-213czf-000-00001")
    poc.get_by_role("region", name="A contracting process (OCDS)").get_by_label(
        "implements the commitment"
    ).check()
    poc.get_by_role("button", name="Link the process").click()
    expect(poc.get_by_text("The link is saved.")).to_be_visible()
    poc.get_by_role("link", name="Link a contracting process or project").click()
    poc.get_by_label("Contracting process (ocid)").fill("ocds-213czf-000-00002")
    poc.get_by_role("region", name="A contracting process (OCDS)").get_by_label("an example").check()
    poc.get_by_role("button", name="Link the process").click()
    expect(poc.get_by_text("The link is saved.")).to_be_visible()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(commitment_url)
    panel = visitor.locator("section.contracting")
    expect(panel.get_by_role("heading", name="Planned cycle lane improvements")).to_be_visible()
    expect(panel).to_contain_text("Budget → contracted → paid")
    expect(panel).to_contain_text("GBP 6,700,000")
    expect(panel).to_contain_text("GBP 11,000,000")
    expect(panel).to_contain_text("GBP 60,000")
    expect(panel).to_contain_text("AnyCorp Cycle Provision")
    expect(panel).to_contain_text("Ada Q. Example")
    expect(panel).to_contain_text("more than 50% up to 75%")
    expect(panel).to_contain_text("Statement of 2020-03-04")
    flags = visitor.locator("section.flags")
    expect(flags).to_contain_text("Single tenderer")
    expect(panel).to_contain_text("Red flags in this process")
    _axe_clean(axe, visitor)

    visitor.goto(commitment_url.replace("/en/", "/es/"))
    expect(visitor.get_by_role("heading", name="Seguir el dinero")).to_be_visible()
    expect(visitor.locator("section.contracting")).to_contain_text("Presupuesto → contratado → pagado")
    expect(visitor.locator("section.flags")).to_contain_text("Oferente único")
    _axe_clean(axe, visitor)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    phone.goto(commitment_url)
    expect(phone.locator("section.contracting")).to_contain_text("Ada Q. Example")
    scroll, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    _axe_clean(axe, phone)
