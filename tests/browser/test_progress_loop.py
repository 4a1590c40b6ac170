"""The progress loop in a real browser: a POC reports with evidence, the forum returns it,
the POC fixes and resubmits, the forum approves; the public page, its timeline and the
explorer show it, and a follower gets the email. The POC signs in with two-factor, as POCs
must."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.core import mail

from tests.browser.conftest import WCAG_22_AA
from tests.commitments.progress_fixtures import PDF, build_world
from tests.conftest import ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    world = build_world()
    for user in world.users.values():
        if user:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return world


def _signed_in(browser, site, username, two_factor=False):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/en/accounts/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill("pw-12345!")
    page.locator('form button[type="submit"]').first.click()
    if two_factor:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.locator("#id_code").fill(totp_code())
        page.locator('form button[type="submit"]').first.click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_the_whole_loop(world, live_server, browser, axe, tmp_path):
    site = live_server.url
    commitment_url = f"{site}/en{world.commitment.url.removeprefix('/en')}"
    evidence = tmp_path / "minutes.pdf"
    evidence.write_bytes(PDF)
    renamed = tmp_path / "minutes-setup.pdf"
    renamed.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)

    follower = _signed_in(browser, site, "person")
    follower.goto(commitment_url)
    follower.get_by_label("Email me about approved progress").select_option("immediate")
    follower.get_by_role("button", name="Follow").click()
    expect(follower.get_by_text("You follow this.")).to_be_visible()

    poc = _signed_in(browser, site, "poc", two_factor=True)
    poc.goto(commitment_url)
    poc.get_by_role("link", name="Post an update on Data published").click()
    poc.get_by_label("Milestone status").select_option("partiallyMet")
    poc.get_by_label("Percent complete").fill("40")
    poc.get_by_label("What was done").fill("Half the datasets are online.")
    poc.get_by_label("Evidence file").set_input_files(str(renamed))
    poc.get_by_role("button", name="Submit for review").click()
    # Told twice, as GOV.UK does: in the error summary (a link to the field) and by the field.
    expect(poc.locator(".error-summary")).to_be_focused()  # read out first
    expect(poc.locator(".error-summary").get_by_role("link", name="This file is not a PDF")).to_be_visible()
    expect(poc.locator(".field__errors").get_by_text("its content does not match its name")).to_be_visible()
    assert poc.get_by_label("What was done").input_value() == "Half the datasets are online."
    results = axe.run(poc, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    poc.get_by_label("Evidence file").set_input_files(str(evidence))
    poc.get_by_role("button", name="Submit for review").click()
    expect(poc.get_by_text("Your update is submitted")).to_be_visible()

    reviewer = _signed_in(browser, site, "reviewer", two_factor=True)
    reviewer.goto(f"{site}/en/progress/review/")
    reviewer.get_by_role("link", name="Review Data published").click()
    reviewer.get_by_label("Return for revision").check()
    reviewer.get_by_label("Reason for returning").fill("Add the list of datasets.")
    reviewer.get_by_role("button", name="Record decision").click()
    expect(reviewer.get_by_text("The update is returned")).to_be_visible()

    poc.goto(f"{site}/en/progress/mine/")
    poc.get_by_role("link", name="TS0001 · Data published").click()
    expect(poc.get_by_text("Add the list of datasets.").first).to_be_visible()
    poc.get_by_label("What was done").fill("Half the datasets are online: budgets and contracts.")
    poc.get_by_role("button", name="Resubmit for review").click()
    expect(poc.get_by_text("Your update is resubmitted")).to_be_visible()

    mail.outbox.clear()
    reviewer.goto(f"{site}/en/progress/review/")
    reviewer.get_by_role("link", name="Review Data published").click()
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_role("button", name="Record decision").click()
    expect(reviewer.get_by_text("The update is approved")).to_be_visible()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(commitment_url)
    timeline = visitor.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("budgets and contracts")).to_be_visible()
    expect(timeline.get_by_role("link", name="Evidence for Data published")).to_be_visible()
    results = axe.run(visitor, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    visitor.goto(f"{site}/en/commitments/?member=TST")
    expect(visitor.get_by_role("cell", name="20%")).to_be_visible()  # 40% and 0% of two milestones

    assert [m.to for m in mail.outbox] == [["person@example.org"]]
    assert "New progress on TS0001" in mail.outbox[0].subject
