"""Practices in a real browser: a network member's practice, submitted to the network's workflow,
is approved by a network editor in Wagtail's admin, and then appears in the library, first when
sorted by results (its commitment was starred and completed). axe-core finds nothing on the
library and the practice in English and Spanish, at 390 px."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from peers.models import PracticePage
from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site
from tests.peers.conftest import build_peers_world, make_practice
from tests.peers.test_permissions import add_url, practice_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    world = build_peers_world()
    for user in world.users.values():
        if user:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
    c = world.commitments
    make_practice(world.tree.library, "Procurement training that did not stick", links=[c["MX2"]])
    # The member writes a practice and submits it to the network's workflow (Wagtail's own).
    response = world.client("member").post(
        add_url(world),
        practice_form(world, title="Red flags for every tender", submit=True, links=[c["MX1"]]),
    )
    assert response.status_code == 302
    return world


def sign_in(browser, site, username, width=1280):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/en/accounts/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill("pw-12345!")
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_an_editor_approves_a_practice_and_it_leads_the_library(world, live_server, browser, axe):
    site = live_server.url
    practice = PracticePage.objects.get(title="Red flags for every tender")
    assert not practice.live

    visitor = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}).new_page()
    visitor.goto(f"{site}/en/peers/practices/")
    expect(visitor.get_by_text("Red flags for every tender")).to_have_count(0)  # not before approval

    editor = sign_in(browser, site, "editor")
    editor.goto(f"{site}/admin/pages/{practice.pk}/edit/")
    editor.get_by_role("button", name=re.compile("More actions", re.I)).click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Approve and Publish").click()
    expect(editor.get_by_role("status").first).to_contain_text("Red flags for every tender")
    practice.refresh_from_db()
    assert practice.live

    visitor.goto(f"{site}/en/peers/practices/")
    cards = visitor.locator(".practice-card h3")
    expect(cards.first).to_have_text("Red flags for every tender")
    expect(cards.nth(1)).to_have_text("Procurement training that did not stick")
    expect(visitor.get_by_text("Sorted by results:")).to_be_visible()
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()

    visitor.get_by_role("link", name="Red flags for every tender").click()
    expect(visitor.get_by_role("region", name="Commitments that applied it")).to_contain_text("MX0001")
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()

    visitor.goto(f"{site}/es/peers/practices/")
    expect(visitor.get_by_text("Ordenadas por resultados:")).to_be_visible()
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    visitor.goto(f"{site}/es/peers/contracting-5/")
    expect(visitor.get_by_role("heading", name="Miembros")).to_be_visible()
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
