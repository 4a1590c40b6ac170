"""Re-baselining in a real browser: a POC (signed in with two-factor) proposes to move an
overdue milestone's due date with a reason, the forum approves it, and the public page shows
the new and the original due date and the change, with its reason, on the timeline."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from commitments.models import Milestone
from tests.browser.conftest import WCAG_22_AA
from tests.commitments.progress_fixtures import build_world
from tests.conftest import enable_totp, ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    world = build_world()
    for user in world.users.values():
        if user:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    enable_totp(world.user("reviewer"))  # the forum signs in with two-factor too (already, today)
    Milestone.objects.filter(pk=world.milestone.pk).update(end_date=datetime.date(2022, 3, 31))
    return world


def sign_in(browser, site, username):
    """Sign in with password and a TOTP code, as POCs and forum reviewers must."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/en/accounts/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill("pw-12345!")
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator("#id_code").fill(totp_code())
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url and "/accounts/login/" not in url)
    return page


def test_a_rebaselining_from_proposal_to_the_public_timeline(world, live_server, browser, axe):
    site = live_server.url
    commitment_url = f"{site}/en{world.commitment.url.removeprefix('/en')}"

    poc = sign_in(browser, site, "poc")
    poc.goto(commitment_url)
    poc.get_by_role("link", name="Propose a re-baselining of Data published").click()
    poc.get_by_label("New due date").fill("2027-06-30")
    poc.get_by_role("button", name="Submit for review").click()
    expect(poc.get_by_text("Say why the milestone changes.").first).to_be_visible()  # the reason is required
    assert poc.get_by_label("New due date").input_value() == "2027-06-30"
    results = axe.run(poc, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    poc.get_by_label("Reason for the change").fill("The procurement law passed two years late.")
    poc.get_by_role("button", name="Submit for review").click()
    expect(poc.get_by_text("Your proposal is submitted")).to_be_visible()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(commitment_url)
    expect(visitor.get_by_text("two years late")).to_have_count(0)  # not public before approval

    reviewer = sign_in(browser, site, "reviewer")
    reviewer.goto(f"{site}/en/progress/review/")
    reviewer.get_by_role("link", name="Review the change to Data published").click()
    changes = reviewer.get_by_role("table", name="What changes")
    expect(changes.get_by_role("row", name="Due date")).to_contain_text("March 31, 2022")
    expect(changes.get_by_role("row", name="Due date")).to_contain_text("June 30, 2027")
    results = axe.run(reviewer, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_role("button", name="Record decision").click()
    expect(reviewer.get_by_text("The change is approved")).to_be_visible()

    visitor.goto(commitment_url)
    timeline = visitor.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text(
        "Due date moved from March 31, 2022 to June 30, 2027: The procurement law passed two years late."
    )
    milestones = visitor.get_by_role("region", name="Milestones")
    row = milestones.get_by_role("row", name="Data published")
    expect(row).to_contain_text("(originally March 31, 2022)")
    expect(row).to_contain_text("late against the original plan")
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()

    visitor.goto(f"{site}/es{world.commitment.url.removeprefix('/en')}")
    expect(visitor.get_by_role("region", name="Cronología")).to_contain_text(
        "Fecha límite cambiada de 31 de marzo de 2022 a 30 de junio de 2027"
    )
