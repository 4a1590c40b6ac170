"""Pages with a civil-society scorecard are served from the anonymous page cache.

The scorecard's shadow-report buttons post to the report view, which takes no CSRF token (it
only asks for a public report). With a token in the form, the page set a CSRF cookie, so it was
never stored and every visitor's request rendered it (the member page of the demo served about
5 requests a second under `make load`, against about 150 for cached pages).
"""

from __future__ import annotations

import pytest

from django.test import Client

from reports.models import Report

from .score_fixtures import organisation, published_score, scoring_round


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_BUMP_ON_COMMIT = False


def test_a_plan_page_with_shadow_report_buttons_is_cached_and_sets_no_cookie(world):
    round = scoring_round(world)
    watchdog = organisation("Watchdog")
    published_score(world, round, watchdog, completion="limited")
    url = world.commitment.get_parent().url

    first = Client().get(url)
    assert first.status_code == 200
    assert "Shadow report by Watchdog (PDF)" in first.content.decode()
    assert not first.cookies  # nothing personal: no CSRF cookie
    assert first["X-Page-Cache"] == "miss"
    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert "Shadow report by Watchdog (PDF)" in second.content.decode()

    # The button still works for a visitor with no token, under real CSRF checks.
    response = Client(enforce_csrf_checks=True).post(
        "/en/reports/", {"round": round.pk, "organisation": watchdog.pk}
    )
    assert response.status_code == 302
    assert Report.objects.filter(kind="shadow", organisation=watchdog).exists()
