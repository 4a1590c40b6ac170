"""Issue 13, steps 4–6, in a browser: the public commitment page shows the three voices and the
divergence, the explorer finds the commitment under "contested", the organisation's shadow
report downloads. Axe in English and Spanish, and at a phone's width (390 px).

The data comes through the scores' own services (a round opened by staff, a monitor's draft
with a contested milestone, signed off by the organisation's only member).
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.utils import timezone

from commitments import services as record
from commitments.progress import services as progress
from commitments.scores import services as scores
from tests.browser.conftest import WCAG_22_AA
from tests.commitments.progress_fixtures import build_world, submitted_update
from tests.conftest import ensure_home_and_site
from tracker.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    ensure_home_and_site()
    world = build_world()
    update = submitted_update(world, status="met", percent_complete=100)  # the government: complete
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    record.irm_assessment_upsert(
        commitment=world.commitment,
        report_type="results",
        values={"publication_year": 2026, "completion": "substantial"},
    )
    today = timezone.localdate()
    plan = world.commitment.get_parent().specific
    round = scores.round_open(
        actor=world.user("staff"),
        action_plan=plan,
        name="Mid-term 2026",
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )
    monitor = world.user("civil_society")
    draft = scores.score_draft_save(
        actor=monitor,
        round=round,
        commitment=world.commitment,
        organisation=Organisation.objects.get(name="Watchdog"),
        values={
            "completion": "limited",
            "completion_justification": "Only a few datasets are online.",
            "potential_for_results": "modest",
            "potential_justification": "Narrow scope.",
            "early_results": "no_notable",
            "results_justification": "Nothing yet.",
            "evidence_url": "https://example.org/watchdog",
        },
        verdicts=[
            scores.VerdictInput(
                milestone=world.milestone,
                verdict="contest",
                reason="The data is not online.",
                evidence_url="https://example.org/watchdog/missing",
            )
        ],
    )
    scores.score_sign_off(actor=monitor, score=draft)
    return live_server.url, world


def check_axe(page, axe):
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()


def test_three_voices_contested_in_the_explorer_and_the_shadow_report(site, page, axe):
    url, world = site
    # 4. The public page shows the three voices and the divergence, in words.
    page.goto(url + world.commitment.url)
    panel = page.get_by_role("region", name="Who says what")
    expect(panel.get_by_role("rowheader", name="The government's report")).to_be_visible()
    expect(panel.get_by_role("rowheader", name="Watchdog")).to_be_visible()
    expect(panel.get_by_role("rowheader", name="The IRM's latest finding")).to_be_visible()
    expect(
        panel.get_by_text("Watchdog rates completion 2 steps below the government's report.")
    ).to_be_visible()
    expect(panel.get_by_text("Divergence:")).to_be_visible()
    expect(panel.get_by_role("link", name="1 contest: the reason")).to_be_visible()
    expect(page.get_by_text("Update contested, no reply").first).to_be_visible()  # the red flag
    check_axe(page, axe)

    # 5. The explorer finds it under "contested".
    page.goto(url + "/en/commitments/")
    page.get_by_role("group", name="Update contested, no reply").get_by_label("Yes").check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.get_by_role("link", name="Open contracting data")).to_be_visible()
    expect(page.get_by_role("link", name="Budget data")).to_have_count(0)
    assert "contested=yes" in page.url
    check_axe(page, axe)

    # 6. The shadow report downloads (made in the background, as every report).
    page.goto(url + world.commitment.get_parent().url)
    expect(page.get_by_role("heading", name="Civil-society scorecard")).to_be_visible()
    check_axe(page, axe)
    page.get_by_role("button", name="Shadow report by Watchdog (PDF)").click()
    assert "/en/reports/" in page.url
    call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(state="visible", timeout=30_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert "watchdog" in download.suggested_filename and download.suggested_filename.endswith("-en.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_in_spanish_at_a_phones_width(site, browser, axe):
    url, world = site
    context = browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url + world.commitment.url.replace("/en/", "/es/", 1))
        panel = page.get_by_role("region", name="Quién dice qué")
        expect(panel.get_by_text("Divergencia:")).to_be_visible()
        expect(panel.get_by_text("2 niveles por debajo de lo informado por el gobierno")).to_be_visible()
        # Nothing wider than the screen: the panel's table stacks its cells.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        check_axe(page, axe)
        page.goto(url + world.commitment.get_parent().url.replace("/en/", "/es/", 1))
        expect(page.get_by_role("heading", name="Balance de la sociedad civil")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        check_axe(page, axe)
        page.goto(url + "/es/commitments/?contested=yes")
        expect(page.get_by_role("link", name="Open contracting data")).to_be_visible()
        check_axe(page, axe)
    finally:
        context.close()
