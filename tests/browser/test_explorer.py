"""The explorer as a visitor uses it: filter, page, switch language, download."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.conftest import ensure_home_and_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, sample_csv):
    from commitments.ogp.importer import import_ogp_commitments

    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    return live_server.url


def expected_ids(**filters) -> list[str]:
    from django.http import QueryDict

    from commitments.explorer.filters import CommitmentFilterSet

    query = QueryDict(mutable=True)
    for key, value in filters.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return [page.ogp_id for page in CommitmentFilterSet(query).qs]


def wait_for_address(page, pattern: str) -> None:
    """Wait until the address matches: htmx changes it with pushState, which fires no load."""
    page.wait_for_function("pattern => new RegExp(pattern).test(location.href)", arg=pattern)


def listed_ids(page) -> list[str]:
    return page.locator(".explorer__table tbody tr td:first-child").all_inner_texts()


def test_filter_page_switch_language_and_export(site, page):
    page.goto(site + "/en/commitments/")
    status = page.locator("#explorer-status")
    assert status.inner_text() == "60 commitments found"
    assert listed_ids(page) == expected_ids()[:25]

    # Ticking a box refreshes the results in place (htmx) and puts the filter in the address.
    page.evaluate("window.__same_document = true")
    page.get_by_role("group", name="Region").get_by_label(re.compile(r"^Europe")).check()
    wait_for_address(page, "region=Europe")
    europe = expected_ids(region="Europe")
    status.filter(has_text=f"{len(europe)} commitments found").wait_for()
    assert page.evaluate("window.__same_document") is True, "the page was reloaded"
    assert listed_ids(page) == europe[:25]

    # The star: not starred (0) and no star published (ND) are apart, as in OGP's "Max star".
    stars = page.get_by_role("group", name="Starred by the IRM")
    stars.get_by_role("radio", name=re.compile(r"^No \(")).check()
    wait_for_address(page, "starred=no")
    not_starred = expected_ids(region="Europe", starred="no")
    status.filter(has_text=f"{len(not_starred)} commitments found").wait_for()
    assert listed_ids(page) == not_starred[:25]
    stars.get_by_role("radio", name=re.compile(r"^No star published")).check()
    wait_for_address(page, "starred=none")
    unpublished = expected_ids(region="Europe", starred="none")
    status.filter(has_text=f"{len(unpublished)} commitments found").wait_for()
    assert listed_ids(page) == unpublished[:25]
    assert not set(unpublished) & set(not_starred)
    stars.get_by_role("radio", name=re.compile(r"^Any")).check()
    wait_for_address(page, "starred=(&|$)|^(?!.*starred=)")  # refreshed before the next click
    status.filter(has_text=f"{len(europe)} commitments found").wait_for()
    page.get_by_role("group", name="Milestones").get_by_role(
        "radio", name=re.compile(r"^No milestone late")
    ).check()
    wait_for_address(page, "late=none")
    both = expected_ids(region="Europe", late="none")
    status.filter(has_text=f"{len(both)} commitments found").wait_for()
    assert listed_ids(page) == both[:25]

    # Sorting and paging keep the filters.
    page.get_by_label("Sort by").select_option("title")
    wait_for_address(page, "sort=title")
    by_title = expected_ids(region="Europe", late="none", sort="title")
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next").click()
    wait_for_address(page, "page=2")
    page.locator(".pagination a[aria-current='page']", has_text="2").wait_for()
    assert listed_ids(page) == by_title[25:50]

    # The same address in Spanish shows the same view.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    wait_for_address(page, r"/es/commitments/\?.*region=Europe")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#explorer-status").inner_text() == f"{len(both)} compromisos encontrados"
    assert listed_ids(page) == by_title[25:50]

    # The download holds the filtered set, in the chosen order, with OGP's columns.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert [row["Commitment Unique Identifier"] for row in rows] == by_title


def test_the_filters_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(site + "/en/commitments/")
    page.get_by_role("group", name="Region").get_by_label(re.compile(r"^Americas")).check()
    page.get_by_role("button", name="Apply filters").first.click()
    wait_for_address(page, "region=Americas")
    assert listed_ids(page) == expected_ids(region="Americas")[:25]
    context.close()


def test_a_permalink_opens_the_commitment(site, page):
    page.goto(site + "/es/commitments/fr0026/")
    assert page.url.endswith("/es/france/ap_fra01/fr0026/")
