"""Civil-society scores in a real browser (issue 13, steps 1–3): a monitor drafts a score with
evidence and contests a milestone's update; their organisation's administrator signs it off;
the commitment's POC is emailed and replies. Every page added is checked with axe-core in
English and Spanish, and at a phone's width (390 px) for sideways scroll too."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from django.core import mail

from tests.browser.conftest import WCAG_22_AA
from tests.commitments.progress_fixtures import PDF
from tests.commitments.scores_fixtures import build_scores_world
from tests.conftest import ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sw(live_server):
    ensure_home_and_site()
    sw = build_scores_world()
    for user in sw.world.users.values():
        if user:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
    return sw


def _signed_in(browser, site, username, two_factor=False, **context):
    page = browser.new_context(locale="en-GB", **context).new_page()
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


def _axe(axe, page, where: str, problems: list) -> None:
    results = axe.run(page, options=WCAG_22_AA)
    if results.violations_count:
        problems.append(f"{where}\n{results.generate_report()}")


def _both_languages(axe, page, url: str, problems: list) -> None:
    """axe on ``url`` (an /en/ address) in English and in Spanish."""
    for language in ("en", "es"):
        page.goto(url.replace("/en/", f"/{language}/", 1))
        _axe(axe, page, f"{url} ({language})", problems)


def test_monitor_drafts_admin_signs_off_poc_is_told_and_replies(sw, live_server, browser, axe, tmp_path):
    site = live_server.url
    problems: list[str] = []
    evidence = tmp_path / "watchdog-report.pdf"
    evidence.write_bytes(PDF)

    # 1. The monitor finds the commitment on the scoring page and drafts a score with evidence,
    # contesting the milestone's approved update.
    monitor = _signed_in(browser, site, "civil")
    monitor.goto(f"{site}/en/scoring/")
    _both_languages(axe, monitor, f"{site}/en/scoring/", problems)
    monitor.goto(f"{site}/en/scoring/")
    monitor.get_by_role("link", name=re.compile("TS0001")).click()
    expect(monitor.get_by_role("heading", name="Score a commitment")).to_be_visible()
    _both_languages(axe, monitor, monitor.url, problems)
    form_url = monitor.url.replace("/es/", "/en/", 1)
    monitor.goto(form_url)
    monitor.locator('input[name="completion"][value="limited"]').check()
    monitor.get_by_label("Why this completion").fill("Only two of ten datasets are online.")
    monitor.locator('input[name="potential_for_results"][value="modest"]').check()
    monitor.get_by_label("Why this potential").fill("The data covers a small share of spending.")
    monitor.locator('input[name="early_results"][value="no_notable"]').check()
    monitor.get_by_label("Why these results").fill("Nobody uses the data yet.")
    monitor.locator("#id_evidence_file").set_input_files(str(evidence))
    verdict = monitor.get_by_role("group", name="Data published")
    verdict.get_by_label("Contest").check()
    verdict.get_by_label("Reason").fill("The portal shows one ministry's data only.")
    verdict.get_by_label("Evidence link").fill("https://example.org/portal-today")
    monitor.get_by_role("button", name="Save draft").click()
    expect(monitor.get_by_text("Your draft is saved")).to_be_visible()
    expect(monitor.get_by_text("The portal shows one ministry's data only.")).to_be_visible()
    # A member without sign-off rights is not offered it.
    expect(monitor.get_by_role("button", name="Sign off and publish")).to_have_count(0)
    draft_url = monitor.url
    _both_languages(axe, monitor, draft_url, problems)

    # 2. The organisation's administrator signs it off: it is published.
    mail.outbox.clear()
    admin = _signed_in(browser, site, "org-admin")
    admin.goto(draft_url)
    admin.get_by_role("button", name="Sign off and publish").click()
    expect(admin.get_by_text("The score is signed off and published.")).to_be_visible()
    scores_url = admin.url
    assert scores_url.endswith("/en/commitments/TS0001/scores/")
    expect(admin.get_by_text("Only two of ten datasets are online.")).to_be_visible()
    expect(admin.get_by_text("Contest")).to_be_visible()

    # 3. The POC is emailed (a contested update gives a right of reply) and replies.
    to_poc = [m for m in mail.outbox if m.to == ["poc@example.org"]]
    assert len(to_poc) == 1 and "TS0001" in to_poc[0].subject
    reply_url = re.search(r"https?://\S+/reply/", to_poc[0].body)[0]
    reply_path = reply_url.split("://", 1)[1].split("/", 1)[1]
    poc = _signed_in(browser, site, "poc", two_factor=True)
    poc.goto(f"{site}/{reply_path}")
    expect(poc.get_by_role("heading", name="Reply to a score")).to_be_visible()
    _both_languages(axe, poc, poc.url, problems)
    poc.goto(f"{site}/{reply_path}")
    poc.get_by_role("button", name="Publish reply").click()
    expect(poc.get_by_text("Write your reply.").first).to_be_visible()  # told, nothing lost
    poc.get_by_label("Your reply").fill("The other ministries' data went online on Monday.")
    poc.get_by_role("button", name="Publish reply").click()
    expect(poc.get_by_text("Your reply is published beside the score.")).to_be_visible()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{site}/en/commitments/ts0001/scores/")
    reply = visitor.get_by_role("complementary", name="Reply from the government")
    expect(reply.get_by_text("The other ministries' data went online on Monday.")).to_be_visible()
    _both_languages(axe, visitor, f"{site}/en/commitments/TS0001/scores/", problems)

    # At a phone's width: no sideways scroll, and axe finds nothing.
    phone = _signed_in(browser, site, "civil", viewport={"width": 390, "height": 844})
    for url in (f"{site}/en/scoring/", f"{site}/en/commitments/TS0001/scores/", draft_url):
        for language in ("en", "es"):
            phone.goto(url.replace("/en/", f"/{language}/", 1))
            scroll, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                problems.append(f"{phone.url}: {scroll} px wide in a {inner} px window")
            _axe(axe, phone, f"{phone.url} (390 px)", problems)
    assert not problems, "\n\n".join(problems)
