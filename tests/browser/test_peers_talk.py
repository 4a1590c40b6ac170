"""The peers' talk in a real browser: a peer from Argentina asks a members-only question; a peer
from Colombia answers with a link to their practice (and XSS payloads that must stay inert); the
asker accepts; a visitor gets a 404; someone registers for a training and gets the .ics. axe-core
in English and Spanish, and the pages fit a 390 px phone."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from icalendar import Calendar
from playwright.sync_api import expect

from django.core import mail

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site
from tests.peers.talk_fixtures import build_talk, make_event

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = (
    '<img src=x onerror="window.__xss=1"> '
    "[click me](javascript:window.__xss=2) "
    '<svg onload="window.__xss=3"></svg> '
    "[data](data:text/html,<script>window.__xss=4</script>)"
)


@pytest.fixture
def talk(live_server):
    ensure_home_and_site()
    talk = build_talk()
    for user in talk.users.values():
        if user:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return talk


def _signed_in(browser, site, username, **options):
    context = browser.new_context(locale="en-GB", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/en/accounts/login/")
    page.locator('input[name="login"]').fill(username)
    page.locator('input[name="password"]').fill("pw-12345!")
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _axe_both_languages(page, axe, url):
    for language in ("en", "es"):
        page.goto(url.replace("/en/", f"/{language}/", 1))
        results = axe.run(page, options=WCAG_22_AA)
        assert not results.violations_count, (language, url, results.generate_report())


def test_ask_answer_accept_and_register(talk, live_server, browser, axe):
    site = live_server.url
    event = make_event(talk.network, capacity=20)

    asker = _signed_in(browser, site, "member")
    asker.goto(f"{site}/en/peers/contracting-5/questions/")
    asker.get_by_role("link", name="Ask a question").click()
    asker.get_by_label("Your question").fill("How do you publish contract amendments on time?")
    asker.get_by_label("Details").fill("Our buyers are **months** late.")
    expect(asker.get_by_label("Members of the network only (candid discussion)")).to_be_checked()
    asker.get_by_role("button", name="Post the question").click()
    expect(asker.get_by_text("Your question is posted.")).to_be_visible()
    question_url = asker.url
    expect(asker.locator(".question__body strong")).to_have_text("months")

    peer = _signed_in(browser, site, "peer-co")
    peer.goto(question_url)
    peer.get_by_label("Your answer").fill(
        f"We tied payment to the amendment record: see [our portal]({talk.practice.url}). {PAYLOADS}"
    )
    peer.get_by_role("button", name="Post the answer").click()
    expect(peer.get_by_text("Your answer is posted.")).to_be_visible()
    expect(peer.get_by_role("link", name="our portal")).to_have_attribute("href", talk.practice.url)
    # The payloads are shown as text: no element, no handler, no script link ran or exists.
    answer = peer.locator(".answer .prose").first
    assert answer.locator("img, svg, script, iframe").count() == 0
    assert answer.locator('a[href^="javascript"], a[href^="data"]').count() == 0
    expect(answer).to_contain_text("<img src=x")
    assert peer.evaluate("window.__xss") is None

    asker.goto(question_url)
    asker.get_by_role("button", name="Accept this answer").click()
    expect(asker.get_by_text("You accepted this answer.")).to_be_visible()
    expect(asker.locator(".answer--accepted")).to_contain_text("We tied payment")
    assert asker.evaluate("window.__xss") is None
    _axe_both_languages(asker, axe, question_url)
    _axe_both_languages(asker, axe, f"{site}/en/peers/contracting-5/questions/")

    # Members only: a visitor, and a signed-in person outside the network, get a 404.
    visitor = browser.new_context(locale="en-GB").new_page()
    assert visitor.goto(question_url).status == 404
    outsider = _signed_in(browser, site, "person")
    assert outsider.goto(question_url).status == 404

    # Someone signed in registers for the training and gets the invitation for their calendar.
    mail.outbox.clear()
    outsider.goto(f"{site}/en/peers/contracting-5/events/")
    outsider.get_by_role("link", name="OCDS training").click()
    expect(outsider.locator("time[data-local-time]").first).to_contain_text("UTC−03:00")
    expect(outsider.locator("[data-local-copy]").first).to_contain_text("In your time zone:")
    outsider.get_by_role("button", name="Register").click()
    expect(outsider.get_by_text("You are registered: we have emailed you")).to_be_visible()
    [message] = [m for m in mail.outbox if m.to == ["person@example.org"]]
    [(name, content, _mimetype)] = message.attachments
    [entry] = Calendar.from_ical(content).walk("VEVENT")
    assert name == "event.ics" and str(entry["summary"]) == "OCDS training"
    assert entry.decoded("dtstart") == event.starts_at
    _axe_both_languages(outsider, axe, f"{site}/en{event.url.removeprefix('/en')}")
    _axe_both_languages(outsider, axe, f"{site}/en/peers/contracting-5/events/")


def test_the_talk_fits_a_phone(talk, live_server, browser, axe):
    site = live_server.url
    make_event(talk.network)
    phone = _signed_in(browser, site, "member", viewport={"width": 390, "height": 844})
    phone.goto(f"{site}/en/peers/contracting-5/questions/ask/")
    phone.get_by_label("Your question").fill(
        "A question with a rather long title to wrap on a small phone screen?"
    )
    phone.get_by_role("button", name="Post the question").click()
    expect(phone.get_by_text("Your question is posted.")).to_be_visible()
    for url in (phone.url, f"{site}/en/peers/contracting-5/events/", f"{site}/en/peers/contracting-5/"):
        phone.goto(url)
        scroll, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, url
        results = axe.run(phone, options=WCAG_22_AA)
        assert not results.violations_count, (url, results.generate_report())
