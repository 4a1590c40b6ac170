"""Site visits and consultations in a real browser: a citizen records a visit with a photo (its
GPS places it), it shows in the list and on the map, contradicting the approved status in words
with a link to open a case; a POC records a consultation and "you said, we did" shows. axe-core
finds nothing in English or Spanish, at 390 px and 1,280 px."""

from __future__ import annotations

import base64

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model

from commitments.models import Milestone
from tests.browser.conftest import WCAG_22_AA
from tests.commitments.progress_fixtures import build_world
from tests.conftest import ensure_home_and_site, totp_code
from tests.fieldwork.photo_files import jpeg

pytestmark = pytest.mark.django_db(transaction=True)

# A 1×1 PNG served for every map tile: the test never reaches the real tile server.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    world = build_world()
    world.users["citizen"] = get_user_model().objects.create_user(
        username="citizen", email="citizen@example.org", password="pw-12345!"
    )
    for user in world.users.values():
        if user:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # The forum approved "met": the citizen will see otherwise.
    Milestone.objects.filter(pk=world.milestone.pk).update(status="met")
    return world


def _context(browser, settings_tile_url: str, **kwargs):
    context = browser.new_context(locale="en-GB", **kwargs)
    host = settings_tile_url.split("/{z}")[0]
    context.route(f"{host}/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    return context


def sign_in(browser, site, username, tile_url, *, two_factor=False):
    page = _context(browser, tile_url).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/en/accounts/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill("pw-12345!")
    page.locator('form button[type="submit"]').first.click()
    if two_factor:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.locator("#id_code").fill(totp_code())
        page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url and "/accounts/login/" not in url)
    return page


def _axe(axe, page, label: str, reports: list[str]) -> None:
    results = axe.run(page, options=WCAG_22_AA)
    if results.violations_count:
        reports.append(f"{label}\n{results.generate_report()}")


def test_a_visit_with_a_photo_and_a_consultation_from_form_to_page(
    world, live_server, browser, axe, settings, tmp_path
):
    site = live_server.url
    tiles = settings.LEAFLET_TILE_URL
    commitment_url = f"{site}{world.commitment.url}"
    reports: list[str] = []

    citizen = sign_in(browser, site, "citizen", tiles)
    citizen.goto(commitment_url)
    citizen.get_by_role("link", name="Record a site visit").click()
    citizen.get_by_label("Milestone you visited").select_option(label="Data published")
    citizen.get_by_label("Date of the visit").fill("2026-11-01")
    citizen.get_by_label("Status you observed").select_option(label="Not met")
    citizen.get_by_role("button", name="Record the visit").click()  # what they saw is missing
    expect(citizen.get_by_role("alert")).to_contain_text("This field is required.")
    _axe(axe, citizen, "visit form with errors", reports)
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg())
    citizen.get_by_label("What you saw").fill("A fence and an empty plot: nothing was built.")
    citizen.get_by_label("Photos").set_input_files(str(photo))
    citizen.get_by_role("button", name="Record the visit").click()
    expect(citizen.get_by_text("Your visit is recorded, at the place your photo was taken.")).to_be_visible()
    visit = citizen.locator(".visit").first
    expect(visit).to_contain_text("A fence and an empty plot")
    expect(visit).to_contain_text("Contradicts the record:")
    expect(visit).to_contain_text("seen as “Not met”, while the approved status is “Met”.")
    case_link = visit.get_by_role("link", name="Open a case about this")
    assert (
        f"/en/cases/new/{world.commitment.pk}/?milestone={world.milestone.pk}&category=quality&from_visit="
        in case_link.get_attribute("href")
    )
    expect(visit).to_contain_text("-34.6037")  # from the photo's GPS
    expect(citizen.locator("#visits-map .leaflet-marker-icon")).to_have_count(1)
    expect(visit.get_by_role("img", name="Photo 1 of the visit to Data published")).to_be_visible()

    visitor = _context(browser, tiles).new_page()
    visitor.goto(f"{site}/en/commitments/{world.commitment.ogp_id}/visits/")
    expect(visitor.locator(".visit")).to_have_count(1)
    expect(visitor.locator("#visits-map .leaflet-marker-icon")).to_have_count(1)
    visitor.locator("#visits-map .leaflet-marker-icon").click()
    expect(visitor.locator(".leaflet-popup-content a")).to_contain_text("Data published · Not met")

    poc = sign_in(browser, site, "poc", tiles, two_factor=True)
    poc.goto(commitment_url)
    poc.get_by_role("link", name="Record a consultation").click()
    poc.get_by_label("Date held").fill("2026-10-15")
    poc.get_by_label("Format").select_option(label="In person and online")
    poc.get_by_label("What was consulted on").fill("The draft milestones")
    poc.get_by_label("Civil society").first.fill("12")
    poc.get_by_label("Government").first.fill("3")
    first = poc.get_by_role("group", name="Input 1")
    first.get_by_label("You said").fill("Publish the contracts within ten days")
    first.get_by_label("Our answer").select_option(label="Adopted in part")
    poc.get_by_role("button", name="Save the consultation").click()  # the reason is missing
    expect(poc.get_by_role("alert")).to_contain_text("Give the reason for the answer.")
    _axe(axe, poc, "consultation form with errors", reports)
    poc.get_by_role("group", name="Input 1").get_by_label("We did / why not").fill(
        "Within thirty days for now"
    )
    poc.get_by_role("button", name="Save the consultation").click()
    expect(poc.get_by_text("The consultation is saved.")).to_be_visible()
    table = poc.locator(".you-said-table")
    expect(table).to_contain_text("Publish the contracts within ten days")
    expect(table).to_contain_text("Adopted in part")
    expect(table).to_contain_text("Within thirty days for now")
    expect(poc.locator(".consultation")).to_contain_text("Not heard from: Business.")

    page = _context(browser, tiles).new_page()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        for language in ("en", "es"):
            page.goto(f"{site}/{language}{world.commitment.url.removeprefix('/en')}")
            expect(page.locator("#visits-map .leaflet-marker-icon")).to_have_count(1)
            if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                reports.append(f"horizontal scroll at {width}px ({language})")
            _axe(axe, page, f"commitment page {language} {width}px", reports)
            page.goto(f"{site}/{language}/commitments/{world.commitment.ogp_id}/visits/")
            _axe(axe, page, f"visits page {language} {width}px", reports)
    page.goto(f"{site}/es{world.commitment.url.removeprefix('/en')}")
    expect(page.locator(".visit").first).to_contain_text("Contradice el registro:")
    expect(page.locator(".you-said-table")).to_contain_text("Adoptado en parte")
    assert not reports, "\n\n".join(reports)
