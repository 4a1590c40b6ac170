"""Issue 17: signed-in pages made around record parts shared through the cache, in a real
browser at 390 px, English and Spanish, axe-core finding nothing. Two people read the same
commitment: one follows it and sees so at once, the other still sees the follow button; staff
rename the commitment in the Wagtail admin and both see the new title on their next read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from django.core.cache import cache

from tests.browser.test_fieldwork import sign_in
from tests.browser.test_fieldwork import world as fieldwork_world  # noqa: F401 (fixture)
from tests.browser.test_fieldwork_leftovers import check_axe

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(fieldwork_world):  # noqa: F811
    return fieldwork_world


def test_two_people_share_the_record_but_not_their_follow_box_and_an_admin_edit_shows_at_once(
    world, live_server, browser, axe, settings
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_BUMP_ON_COMMIT = True
    cache.clear()
    site, tiles = live_server.url, settings.LEAFLET_TILE_URL
    path = world.commitment.url.removeprefix("/en")
    reports: list[str] = []

    person = sign_in(browser, site, "person", tiles)
    citizen = sign_in(browser, site, "citizen", tiles)
    for reader in (person, citizen):
        reader.set_viewport_size(PHONE)
        reader.goto(f"{site}/en{path}")  # the first read stores the parts, the second reads them
        expect(reader.get_by_role("heading", level=1)).to_have_text(world.commitment.heading)
        expect(reader.get_by_role("button", name="Follow", exact=True)).to_be_visible()

    person.get_by_role("button", name="Follow", exact=True).click()
    expect(person.get_by_text("You follow this.")).to_be_visible()
    for language, follows, follow in (("en", "You follow this.", "Follow"), ("es", "Lo sigue.", "Seguir")):
        person.goto(f"{site}/{language}{path}")
        expect(person.get_by_text(follows)).to_be_visible()
        check_axe(axe, person, f"commitment page, following ({language}, 390 px)", reports)
        citizen.goto(f"{site}/{language}{path}")
        expect(citizen.get_by_role("button", name=follow, exact=True)).to_be_visible()
        expect(citizen.get_by_text(follows)).to_have_count(0)
        expect(citizen.locator(".user-menu__label")).to_have_text("citizen")
        check_axe(axe, citizen, f"commitment page, not following ({language}, 390 px)", reports)

    staff = sign_in(browser, site, "staff", tiles, two_factor=True)
    staff.goto(f"{site}/admin/pages/{world.commitment.pk}/edit/")
    staff.locator("#id_title").fill("Open contracting data, renamed in the admin")
    staff.get_by_role("button", name=re.compile("More actions", re.I)).click()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Publish", exact=True).click()
    expect(staff.get_by_role("status").first).to_contain_text("renamed in the admin")

    for reader in (person, citizen):
        reader.goto(f"{site}/en{path}")
        expect(reader.get_by_role("heading", level=1)).to_contain_text("renamed in the admin")
    expect(person.get_by_text("You follow this.")).to_be_visible()
    assert not reports, "\n\n".join(reports)
