"""Links in PDF reports lead to the configured site address, never to Wagtail's localhost."""

from __future__ import annotations

import pytest

from django.test import override_settings
from django.utils import translation

from reports.build import report_context, report_html

from .conftest import make_report

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@override_settings(WAGTAILADMIN_BASE_URL=SITE + "/")
def test_report_links_use_the_configured_site_address(biggest_plan):
    report = make_report(biggest_plan, "es")
    with translation.override("es"):
        context = report_context(report)
        html = report_html(report)
        path = biggest_plan.get_url_parts()[2]
    assert context["page_url"] == SITE + path
    assert context["page_url"].startswith(SITE + "/es/")
    permalinks = [s.permalink for part in context["parts"] for s in part.sections]
    assert permalinks and all(p.startswith(SITE + "/es/commitments/") for p in permalinks)
    assert f'href="{context["page_url"]}"' in html
    assert "localhost" not in html
