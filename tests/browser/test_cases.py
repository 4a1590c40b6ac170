"""A feedback case in a real browser: a citizen files it with a photo; the POC acknowledges and
answers; the citizen rates it 2 and escalates; a civil-society organisation takes it and closes
it as resolved; the case's timeline, the commitment's timeline and the scorecard show it. axe
finds nothing in English or Spanish, and the case page fits a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WCAG_22_AA
from tests.cases.fixtures import build_case_world, jpeg_with_gps
from tests.conftest import ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(live_server):
    ensure_home_and_site()
    return build_case_world()


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


def _axe_clean(axe, page):
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()


def _form(page, action: str):
    return page.locator(f'form[action$="/{action}/"]')


def test_a_case_from_filing_to_resolved(world, live_server, browser, axe, tmp_path):
    site = live_server.url
    commitment_url = f"{site}{world.commitment.url}"
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg_with_gps())

    # 1. The citizen files a case with a photo.
    citizen = _signed_in(browser, site, "rosa-q")
    citizen.goto(commitment_url)
    citizen.get_by_role("link", name="Report a problem", exact=True).click()
    _axe_clean(axe, citizen)
    citizen.get_by_label("What is the problem about?").select_option("quality")
    citizen.get_by_label("What happened").fill("The published files are empty.")
    citizen.get_by_label("Photo").set_input_files(str(photo))
    citizen.get_by_role("button", name="File the case").click()
    expect(citizen.get_by_text("Your case #1 is filed")).to_be_visible()
    case_url = citizen.url
    expect(citizen.get_by_role("img", name="Photo attached to this step of the case")).to_be_visible()

    # 2. The POC acknowledges and answers.
    poc = _signed_in(browser, site, "poc", two_factor=True)
    poc.goto(case_url)
    _form(poc, "acknowledge").get_by_label("Message").fill("We are looking into it.")
    _form(poc, "acknowledge").get_by_role("button", name="Acknowledge").click()
    expect(poc.get_by_text("The case is acknowledged")).to_be_visible()
    answer = _form(poc, "answer")
    answer.get_by_label("Answer").fill("The files are restored.")
    answer.get_by_label("Evidence link").fill("https://example.org/files")
    answer.get_by_role("button", name="Publish the answer").click()
    expect(poc.get_by_text("Your answer is published")).to_be_visible()

    # 3. The citizen rates it 2 and escalates.
    citizen.goto(case_url)
    rate = _form(citizen, "rate")
    rate.get_by_label("2", exact=True).check()
    rate.get_by_label("Escalate the case").check()
    rate.get_by_label("Comment").fill("They are still empty.")
    _axe_clean(axe, citizen)
    rate.get_by_role("button", name="Send my rating").click()
    expect(citizen.get_by_text("Thank you: your rating is recorded.")).to_be_visible()

    # 4. A civil-society organisation takes it; 5. it closes as resolved.
    cso = _signed_in(browser, site, "civil")
    cso.goto(case_url)
    _form(cso, "take").get_by_label("Watchdog").check()
    _form(cso, "take").get_by_role("button", name="Take the case").click()
    expect(cso.get_by_text("You have taken the case")).to_be_visible()
    close = _form(cso, "close")
    close.get_by_label("Resolved", exact=True).check()
    close.get_by_label("Closing note").fill("The ministry republished the files.")
    close.get_by_role("button", name="Close the case").click()
    expect(cso.get_by_text("The case is closed.")).to_be_visible()

    # 6. The public sees the timeline and the scorecard; never who filed.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(case_url)
    timeline = visitor.locator(".timeline")
    for step in (
        "Filed",
        "Acknowledged",
        "Answered",
        "Rated the answer",
        "Escalated",
        "Took the case",
        "Closed",
    ):
        expect(timeline.get_by_text(step, exact=True)).to_be_visible()
    expect(visitor.get_by_text("Closed: resolved")).to_be_visible()
    assert "rosa-q" not in visitor.content()
    _axe_clean(axe, visitor)
    visitor.goto(case_url.replace("/en/", "/es/"))
    expect(visitor.get_by_text("Calificó la respuesta")).to_be_visible()
    _axe_clean(axe, visitor)
    visitor.set_viewport_size({"width": 390, "height": 844})
    visitor.goto(case_url)
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _axe_clean(axe, visitor)
    visitor.set_viewport_size({"width": 1280, "height": 800})
    visitor.goto(commitment_url)
    expect(visitor.get_by_text("Feedback case #1")).to_be_visible()
    visitor.goto(f"{site}{world.member.url}")
    scorecard = visitor.locator(".scorecard")
    expect(scorecard.get_by_role("heading", name="Responsiveness to feedback cases")).to_be_visible()
    expect(scorecard.get_by_role("link", name="Ministry of Data")).to_be_visible()
    _axe_clean(axe, visitor)
    visitor.goto(f"{site}/es/cases/")
    _axe_clean(axe, visitor)
