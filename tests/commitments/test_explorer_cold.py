"""The explorer's first request after a change (issue 17): what it reads, and that the shortcuts
it takes to be fast give the same page as the long way round.

- The list's size comes from the summary's count, not a second COUNT: it must be the list's.
- The rows take milestone counts from the facts row and lead organisations from one prefetch:
  they must be the record's.
- The member facet names members from columns (``vocabulary.member_name``), not pages.
- Counts are written with the language's separators looked up once: as ``intcomma`` writes them.
- The number of queries of a cold request is held here, so that a new query per facet or per
  row shows up as a failure (the bench holds it flat from 2,000 to 20,000 commitments).
"""

from __future__ import annotations

import re

import pytest

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation

from commitments.explorer.facets import compute_facets_and_rollup, count_formatter
from commitments.explorer.filters import CommitmentFilterSet
from commitments.explorer.views import PER_PAGE
from commitments.models import CommitmentPage, MemberPage, StakeholderRole
from commitments.selectors import milestone_summary
from tracker.models import Organisation, Sector

from .test_explorer import with_milestones  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

# Facets and summary with no filter: members and regions, every fixed-list facet and the summary,
# policy-area names and the areas, lead organisations, overdue milestones, member and
# organisation names (8); the page of results with its facts, member and plan, and its lead
# organisations (2); the site menu's peers link and Wagtail's two site lookups (3).
COLD_QUERIES = 13


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ("", COLD_QUERIES),
        ("?page=2", COLD_QUERIES),
        ("?q=open", COLD_QUERIES + 1),  # the search, once, for the list and every count
        # Each facet in use is counted without its own filter: one query more each (members are
        # grouped with regions, plans counted once a member is chosen).
        ("?member=UKR&q=open", COLD_QUERIES + 3),
    ],
)
def test_a_cold_request_reads_a_fixed_number_of_queries(
    client, imported_once, django_assert_num_queries, query, queries
):
    # A process's first request also looks up what a process keeps for its life (content types):
    # warm it, then make the data's caches cold, as a change does.
    client.get("/en/commitments/")
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(f"/en/commitments/{query}").status_code == 200


def _listed(query: str) -> list[str]:
    return [page.ogp_id for page in CommitmentFilterSet(QueryDict(query.lstrip("?"))).qs]


@pytest.mark.parametrize(
    "query", ["", "?page=2", "?q=open", "?region=Europe&completion=limited", "?member=UKR&q=open&sort=title"]
)
def test_the_number_found_and_the_pages_are_the_lists(client, imported_once, query):
    # One commitment unpublished: its facts row stays, marked not live.
    CommitmentPage.objects.live().order_by("ogp_id").first().unpublish()
    listed = _listed(query)
    assert listed
    cache.clear()
    response = client.get(f"/en/commitments/{query}")
    paginator, page = response.context["paginator"], response.context["page_obj"]
    assert paginator.count == len(listed)
    assert paginator.num_pages == -(-len(listed) // PER_PAGE)
    start = (page.number - 1) * PER_PAGE
    assert [row.page.ogp_id for row in response.context["rows"]] == listed[start : start + PER_PAGE]
    status = re.search(r'id="explorer-status"[^>]*>([^<]*)<', response.content.decode()).group(1)
    assert status.split()[0] == intcomma(len(listed))


def test_each_row_says_its_milestones_and_lead_organisations_as_the_record_does(client, with_milestones):  # noqa: F811
    for query in ["", "?late=any", "?member=UKR"]:
        rows = client.get(f"/en/commitments/{query}").context["rows"]
        assert rows
        for row in rows:
            page = CommitmentPage.objects.get(pk=row.page.pk)
            assert row.milestones == milestone_summary(list(page.milestones.all())), page.ogp_id
            leads = page.stakeholder_roles.filter(role=StakeholderRole.Role.LEAD_IMPLEMENTER)
            assert [o.pk for o in row.lead] == [r.organisation_id for r in leads.order_by("sort_order")]
    late = client.get("/en/commitments/?late=any").context["rows"]
    assert {row.page.ogp_id for row in late} >= {"UA0087", "FR0026", "UK0098"}
    assert all(row.milestones["late"] for row in late if row.page.ogp_id in {"UA0087", "FR0026", "UK0098"})


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_member_facet_names_members_as_their_pages_do(imported_once, language):
    with translation.override(language):
        facets, _rollup = compute_facets_and_rollup(CommitmentFilterSet(QueryDict("")))
        names = {m.code: m.display_name for m in MemberPage.objects.live()}
        shown = {value.value: value.label for value in facets["member"].values}
    assert shown and shown == {code: names[code] for code in shown}
    if language == "es":  # a national member by its country's Spanish name
        assert shown["UKR"] == "Ucrania"


@pytest.mark.parametrize("language", ["en", "es"])
def test_counts_are_written_as_intcomma_writes_them(language):
    with translation.override(language):
        written = count_formatter()
        for count in [0, 7, 999, 1000, 12345, 999999, 1234567]:
            assert written(count) == intcomma(count)
        assert written(12345) != "12345"  # grouped, in either language


def test_the_filter_panel_escapes_what_it_writes(client, imported_once):
    page = CommitmentPage.objects.live().order_by("ogp_id").first()
    name = '<i>Watch & "Co"</i>'
    organisation = Organisation.objects.create(name=name, sector=Sector.CIVIL_SOCIETY)
    StakeholderRole.objects.create(
        commitment=page, organisation=organisation, role=StakeholderRole.Role.LEAD_IMPLEMENTER
    )
    cache.clear()
    html = client.get(f"/en/commitments/?lead={organisation.pk}").content.decode()
    assert name not in html
    value = f'id="f-lead-{organisation.pk}" name="lead" value="{organisation.pk}" checked>'
    assert value in html
    label = f'<label for="f-lead-{organisation.pk}">&lt;i&gt;Watch &amp; &quot;Co&quot;&lt;/i&gt; '
    assert label + '<span class="facet__count">1</span></label>' in html
