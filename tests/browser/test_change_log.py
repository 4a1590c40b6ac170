"""The change log page in a real browser: axe-core (WCAG 2.2 AA) and no horizontal scroll on a
phone, in both languages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    from django.contrib.auth import get_user_model

    from wagtail.models import Page

    from commitments import services
    from commitments.history.attribution import recording
    from tracker.models import Sector

    ensure_home_and_site()
    home = Page.objects.get(depth=2)
    member, _ = services.member_page_upsert(home=home, code="TST", title="Testland", level="national")
    plan, _ = services.action_plan_page_upsert(member=member, plan_id="AP_TST01", title="Plan 1", number=1)
    commitment, _ = services.commitment_page_upsert(
        plan=plan, ogp_id="TS0001", values={"title": "Open contracting data " * 6}
    )
    staff = get_user_model().objects.create_user(username="staff", is_staff=True)
    with recording(actor=staff):
        milestone = services.milestone_create(commitment=commitment, title="Data published " * 10)
        milestone.expected_output = "A very long expected output that wraps. " * 20
        milestone.save()
        organisation, _ = services.organisation_get_or_create(name="Watchdog", sector=Sector.CIVIL_SOCIETY)
        services.stakeholder_role_add(commitment=commitment, organisation=organisation, role="monitor")
    return live_server.url


def test_the_change_log_has_no_axe_violations_and_fits_a_phone(site, page, axe):
    reports = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for language in ("en", "es"):
            response = page.goto(f"{site}/{language}/commitments/TS0001/changes/")
            assert response.status == 200
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator(".change-log__entry").count() == 4
            scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            if not scroll:
                reports.append(f"horizontal scroll at {width}px ({language})")
            results = axe.run(page, options=WCAG_22_AA)
            if results.violations_count:
                reports.append(f"{language} {width}px\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
