"""Issue 15's leftovers in a real browser, at 390 px, in English and Spanish, axe-core finding
nothing: a citizen's photo survives a visit form that fails (shown as attached, not chosen
again); the visit shows on the commitment's timeline with the "visit contradicts" flag; staff
hide it and show it again in the admin with reasons, and the public sees both steps."""

from __future__ import annotations

import base64

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.contrib.auth import get_user_model

from commitments.fieldwork.models import SiteVisit
from commitments.models import Milestone
from tests.browser.conftest import WCAG_22_AA
from tests.browser.test_fieldwork import sign_in
from tests.commitments.progress_fixtures import build_world
from tests.conftest import ensure_home_and_site
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
    Milestone.objects.filter(pk=world.milestone.pk).update(status="met")  # the citizen sees otherwise
    return world


def visitor_context(browser, tile_url: str):
    context = browser.new_context(locale="en-GB")
    host = tile_url.split("/{z}")[0]
    context.route(f"{host}/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    return context


def check_axe(axe, page, label: str, reports: list[str]) -> None:
    results = axe.run(page, options=WCAG_22_AA)
    if results.violations_count:
        reports.append(f"{label}\n{results.generate_report()}")


def test_a_kept_photo_the_timeline_the_flag_and_moderation_undone(
    world, live_server, browser, axe, settings, tmp_path
):
    site = live_server.url
    tiles = settings.LEAFLET_TILE_URL
    reports: list[str] = []
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg())

    citizen = sign_in(browser, site, "citizen", tiles)
    citizen.set_viewport_size({"width": 390, "height": 844})
    for language, button, kept in (
        ("es", "Registrar la visita", "Fotos ya adjuntas"),
        ("en", "Record the visit", "Photos already attached"),
    ):
        citizen.goto(f"{site}/{language}/commitments/{world.commitment.ogp_id}/visits/new/")
        citizen.locator("#id_milestone").select_option(value=str(world.milestone.pk))
        citizen.locator("#id_visited_on").fill("2026-11-01")
        citizen.locator("#id_observed_status").select_option(value="notMet")
        citizen.locator("#id_photos").set_input_files(str(photo))
        citizen.get_by_role("button", name=button).click()  # what they saw is missing
        expect(citizen.get_by_role("group", name=kept)).to_be_visible()
        expect(citizen.locator('input[name="keep_photo"]')).to_be_checked()
        check_axe(axe, citizen, f"visit form with a kept photo ({language}, 390 px)", reports)
        if not citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            reports.append(f"horizontal scroll on the visit form ({language})")
    # Sent again without choosing the photo again: the visit takes the kept one.
    citizen.locator("#id_observations").fill("A fence and an empty plot.")
    citizen.get_by_role("button", name="Record the visit").click()
    expect(citizen.get_by_text("Your visit is recorded, at the place your photo was taken.")).to_be_visible()
    visit = SiteVisit.objects.get()
    assert visit.photos.count() == 1

    timeline = citizen.locator(".timeline__entry--visit")
    expect(timeline).to_have_count(1)
    expect(timeline).to_contain_text("Site visit")
    expect(timeline).to_contain_text("Contradicts the record")
    expect(citizen.get_by_text("Site visit contradicts the record").first).to_be_visible()

    staff = sign_in(browser, site, "staff", tiles, two_factor=True)
    edit = f"{site}/admin/snippets/commitments_fieldwork/sitevisit/edit/{visit.pk}/"
    staff.goto(edit)
    staff.locator("#id_hidden").check()
    staff.locator("#id_hidden_reason").fill("A face can be seen.")
    staff.get_by_role("button", name="Save", exact=True).click()
    staff.goto(edit)
    expect(staff.get_by_text("Hidden because: “A face can be seen.”")).to_be_visible()
    staff.locator("#id_hidden").uncheck()
    staff.locator("#id_hidden_reason").fill("The face is blurred now.")
    staff.get_by_role("button", name="Save", exact=True).click()
    staff.goto(f"{site}/admin/snippets/commitments_fieldwork/sitevisit/inspect/{visit.pk}/")
    expect(staff.locator("img[src*='/visits/photo/']")).to_have_count(1)

    visitor = visitor_context(browser, tiles).new_page()
    visitor.set_viewport_size({"width": 390, "height": 844})
    for language, hidden, shown in (
        ("en", "Hidden by moderators", "Shown again by moderators"),
        ("es", "Ocultado por la moderación", "Mostrado de nuevo por la moderación"),
    ):
        visitor.goto(f"{site}/{language}/commitments/{world.commitment.ogp_id}/visits/")
        history = visitor.locator(".visit__moderation")
        expect(history).to_contain_text(hidden)
        expect(history).to_contain_text(shown)
        check_axe(axe, visitor, f"visits page with a moderation history ({language}, 390 px)", reports)
        visitor.goto(f"{site}/{language}{world.commitment.url.removeprefix('/en')}")
        expect(visitor.locator(".timeline__entry--visit")).to_have_count(1)
        check_axe(axe, visitor, f"commitment page with a visit on its timeline ({language}, 390 px)", reports)
    assert not reports, "\n\n".join(reports)
