"""The explorer: each filter, sort and facet count against the records themselves.

Expected rows are worked out here from the page tree, milestones, roles and assessments (not
from the explorer's own facts table), so a wrong or stale fact shows up as a failure.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import services
from commitments.explorer.filters import CommitmentFilterSet
from commitments.models import CommitmentPage, MemberPage, PolicyArea, StakeholderRole
from commitments.rules import LATE
from commitments.selectors import commitment_star, latest_assessment
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db


@dataclass
class Record:
    page: CommitmentPage
    member: MemberPage
    plan: object
    areas: set[str]
    lead: set[int]
    sectors: set[str]
    completion: str
    impact: str
    results: str
    starred: bool | None
    late: bool


def records() -> dict[str, Record]:
    out = {}
    pages = CommitmentPage.objects.live().prefetch_related(
        "policy_areas__parent", "irm_assessments", "stakeholder_roles__organisation", "milestones"
    )
    for page in pages:
        plan = page.get_parent().specific
        member = plan.get_parent().specific
        assessments = list(page.irm_assessments.all())
        latest = latest_assessment([a for a in assessments if a.completion])
        roles = list(page.stakeholder_roles.all())
        areas = {a.slug for a in page.policy_areas.all()} | {
            a.parent.slug for a in page.policy_areas.all() if a.parent
        }
        out[page.ogp_id] = Record(
            page=page,
            member=member,
            plan=plan,
            areas=areas,
            lead={r.organisation_id for r in roles if r.role == StakeholderRole.Role.LEAD_IMPLEMENTER},
            sectors={r.organisation.sector for r in roles},
            completion=latest.completion if latest else "",
            impact=next((a.potential_impact for a in reversed(assessments) if a.potential_impact), ""),
            results=next(
                (a.potential_for_results for a in reversed(assessments) if a.potential_for_results), ""
            ),
            starred=commitment_star(assessments),  # its latest scored report's star (None: ND)
            late=any(m.lateness in LATE for m in page.milestones.all()),
        )
    return out


def found(query: str) -> list[str]:
    return [page.ogp_id for page in CommitmentFilterSet(QueryDict(query)).qs]


def expect(predicate) -> set[str]:
    return {ogp_id for ogp_id, record in records().items() if predicate(record)}


@pytest.fixture
def with_milestones(imported_once):
    """Milestones in every state on three commitments, so lateness has something to find."""
    today = timezone.localdate()
    days = datetime.timedelta
    plan = {
        "UA0087": [("scheduled", today - days(5), None)],  # overdue
        "FR0026": [("met", today - days(30), today - days(2))],  # met late
        "AR0013": [("met", today - days(30), today - days(40)), ("scheduled", today + days(90), None)],
        "UK0098": [("notMet", today - days(30), None)],
    }
    for ogp_id, milestones in plan.items():
        page = CommitmentPage.objects.get(ogp_id=ogp_id)
        for n, (status, due, met) in enumerate(milestones):
            services.milestone_create(
                commitment=page, title=f"Step {n}", end_date=due, status=status, date_met=met
            )
    return imported_once


def test_no_filter_lists_every_live_commitment_by_ogp_id(imported_once):
    assert found("") == sorted(records())


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("member=UKR", lambda r: r.member.code == "UKR"),
        ("member=ukr", lambda r: False),  # codes are matched as OGP writes them
        ("member=UKR&member=FRA", lambda r: r.member.code in {"UKR", "FRA"}),
        ("region=Europe", lambda r: r.member.region == "Europe"),
        ("region=Americas&region=Europe", lambda r: r.member.region in {"Americas", "Europe"}),
        ("level=local", lambda r: r.member.level == "local"),
        ("plan=AP_UKR02", lambda r: r.plan.plan_id == "AP_UKR02"),
        ("year_from=2019", lambda r: (r.plan.end_year or r.plan.start_year or 0) >= 2019),
        ("year_to=2014", lambda r: r.plan.start_year is not None and r.plan.start_year <= 2014),
        (
            "year_from=2015&year_to=2016",
            lambda r: r.plan.start_year <= 2016 and (r.plan.end_year or r.plan.start_year) >= 2015,
        ),
        ("area=open-contracting", lambda r: "open-contracting" in r.areas),
        ("area=anti-corruption-and-integrity", lambda r: "anti-corruption-and-integrity" in r.areas),
        ("sector=civil_society", lambda r: Sector.CIVIL_SOCIETY in r.sectors),
        (
            "sector=civil_society&sector=government",
            lambda r: {Sector.CIVIL_SOCIETY, Sector.GOVERNMENT} <= r.sectors,
        ),
        ("no_sector=civil_society", lambda r: Sector.CIVIL_SOCIETY not in r.sectors),
        (
            "no_sector=business&no_sector=civil_society",
            lambda r: not r.sectors & {"business", "civil_society"},
        ),
        ("completion=complete", lambda r: r.completion == "complete"),
        ("completion=complete&completion=substantial", lambda r: r.completion in {"complete", "substantial"}),
        ("completion=not_assessed", lambda r: r.completion == ""),
        ("impact=transformative&impact=moderate", lambda r: r.impact in {"transformative", "moderate"}),
        ("results=modest&results=substantial", lambda r: r.results in {"modest", "substantial"}),
        ("starred=yes", lambda r: r.starred is True),
        ("starred=no", lambda r: r.starred is False),
        ("starred=none", lambda r: r.starred is None),
        (
            "region=Europe&completion=substantial&starred=no",
            lambda r: r.member.region == "Europe" and r.completion == "substantial" and r.starred is False,
        ),
    ],
)
def test_each_filter_returns_the_commitments_that_match(imported_once, query, predicate):
    expected = expect(predicate)
    assert set(found(query)) == expected
    if "member=ukr" not in query:
        assert expected, f"{query} should find something in the sample"


def test_a_parent_policy_area_includes_its_sub_areas(imported_once):
    parent = PolicyArea.objects.get(slug="anti-corruption-and-integrity")
    child_only = expect(lambda r: "open-contracting" in r.areas)
    assert child_only and child_only <= set(found(f"area={parent.slug}"))


def test_lead_organisation_filter(imported_once):
    lead = StakeholderRole.objects.filter(role="lead_implementer").values_list("organisation_id", flat=True)
    organisation = Organisation.objects.filter(pk__in=lead).order_by("name").first()
    assert set(found(f"lead={organisation.pk}")) == expect(lambda r: organisation.pk in r.lead)
    assert found("lead=not-a-number") == sorted(records())  # ignored and reported, see below


def test_lateness_filters_follow_todays_date(with_milestones):
    late = expect(lambda r: r.late)
    assert late == {"UA0087", "FR0026", "UK0098"}
    assert set(found("late=any")) == late
    assert set(found("late=none")) == set(records()) - late


def test_free_text_search_finds_words_in_titles_and_text(imported_once):
    matches = found("q=procurement")
    assert matches
    for ogp_id in matches:
        page = CommitmentPage.objects.get(ogp_id=ogp_id)
        assert "procure" in f"{page.title} {page.full_title} {page.full_text} {page.short_title}".lower()
    europe = set(found("q=procurement&region=Europe"))
    assert europe == {i for i in matches if records()[i].member.region == "Europe"}


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("id", lambda p: p.ogp_id),
        ("title", lambda p: (p.title, p.ogp_id)),
    ],
)
def test_sorts(imported_once, sort, key):
    pages = list(CommitmentPage.objects.live())
    assert found(f"sort={sort}") == [p.ogp_id for p in sorted(pages, key=key)]


def test_sort_newest_plans_first_and_most_complete_first(imported_once):
    data = records()
    newest = found("sort=newest")
    years = [data[i].plan.start_year or 0 for i in newest]
    assert years == sorted(years, reverse=True)
    rank = {
        "complete": 6,
        "substantial": 5,
        "limited": 4,
        "not_started": 3,
        "withdrawn": 2,
        "unclear": 1,
        "no_evidence": 1,
        "": 0,
    }
    ranks = [rank[data[i].completion] for i in found("sort=completion")]
    assert ranks == sorted(ranks, reverse=True)
    due = [CommitmentPage.objects.get(ogp_id=i).end_date for i in found("sort=due")]
    dated = [d for d in due if d]
    assert dated == sorted(dated) and due[: len(dated)] == dated  # undated last


def test_sort_late_first(with_milestones):
    assert set(found("sort=late")[:3]) == {"UA0087", "FR0026", "UK0098"}


# -- the page ----------------------------------------------------------------------------------


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def listed(response) -> list[str]:
    return [row.page.ogp_id for row in response.context["rows"]]


def test_the_page_lists_pages_of_25_and_keeps_filters_in_links(client, imported_once):
    first = client.get("/en/commitments/")
    assert first.status_code == 200
    assert "60 commitments found" in text(first)
    assert listed(first) == sorted(records())[:25]
    third = client.get("/en/commitments/?page=3")
    assert listed(third) == sorted(records())[50:]
    assert listed(client.get("/en/commitments/?page=99")) == listed(third)  # past the end: the last page
    filtered = client.get("/en/commitments/?region=Europe&sort=title")
    html = filtered.content.decode()
    assert 'href="?region=Europe&amp;sort=title&amp;page=2"' in html
    assert 'href="/en/commitments/export.csv?region=Europe&amp;sort=title"' in html
    # The language switcher keeps the filters.
    assert 'href="/es/commitments/?region=Europe&amp;sort=title"' in html


def test_facet_counts_leave_out_their_own_selection(client, imported_once):
    data = records()
    response = client.get("/en/commitments/?region=Europe&starred=yes")
    facets = response.context["facets"]
    regions = {v.value: v.count for v in facets["region"].values}
    for region, count in regions.items():
        assert count == sum(1 for r in data.values() if r.member.region == region and r.starred is True)
    starred = {v.value: v.count for v in facets["starred"].values}
    for value, star in (("yes", True), ("no", False), ("none", None)):
        expected = sum(1 for r in data.values() if r.member.region == "Europe" and r.starred is star)
        assert starred.get(value, 0) == expected, value
    members = {v.value: v.count for v in facets["member"].values}
    assert members["UKR"] == sum(1 for r in data.values() if r.member.code == "UKR" and r.starred is True)
    assert next(v for v in facets["region"].values if v.value == "Europe").selected


def test_summary_of_the_filtered_set(client, with_milestones):
    data = records()
    ukraine = [r for r in data.values() if r.member.code == "UKR"]
    rollup = client.get("/en/commitments/?member=UKR").context["rollup"]
    assert rollup.commitments == len(ukraine)
    assert rollup.assessed == sum(1 for r in ukraine if r.completion)
    assert rollup.starred.count == sum(1 for r in ukraine if r.starred)
    assert rollup.milestones == 1 and rollup.milestones_late.count == 1
    sectors = {s.key: s.count for s in rollup.sectors}
    assert sectors["civil_society"] == sum(1 for r in ukraine if "civil_society" in r.sectors)


def test_active_filters_can_be_removed_one_by_one(client, imported_once):
    html = client.get("/en/commitments/?region=Europe&region=Americas&starred=yes").content.decode()
    assert 'href="?region=Americas&amp;starred=yes"' in html  # Europe removed
    assert 'href="?region=Europe&amp;region=Americas"' in html  # starred removed


def test_filters_that_are_not_understood_are_reported_and_the_rest_applied(client, imported_once):
    response = client.get("/en/commitments/?region=Mars&year_from=abc&member=UKR")
    page = text(response)
    assert "were not understood and were left out" in page
    assert "Region" in page and "Mars" in page
    assert set(listed(response)) == {i for i, r in records().items() if r.member.code == "UKR"}


def test_spanish_page(client, imported_once):
    response = client.get("/es/commitments/?region=Europe")
    page = text(response)
    assert "Explorar compromisos" in page
    assert re.search(r"\d+ compromisos encontrados", page)
    assert "Europa" in page


def test_results_counts_are_cached_until_the_record_changes(client, with_milestones):
    with CaptureQueriesContext(connection) as cold:
        client.get("/en/commitments/?member=UKR")
    with CaptureQueriesContext(connection) as warm:
        response = client.get("/en/commitments/?member=UKR&page=1&sort=title")
    assert len(warm) < len(cold) - 10
    before = response.context["rollup"].milestones
    services.milestone_create(commitment=CommitmentPage.objects.get(ogp_id="UA0087"), title="One more")
    assert client.get("/en/commitments/?member=UKR").context["rollup"].milestones == before + 1


def _grow(n: int, start: int):
    """Add ``n`` commitments with milestones, roles and an assessment to an existing plan."""
    plan = CommitmentPage.objects.get(ogp_id="UA0087").get_parent().specific
    organisation = Organisation.objects.create(name=f"Watchdog {start}", sector=Sector.CIVIL_SOCIETY)
    for i in range(start, start + n):
        page, _ = services.commitment_page_upsert(
            plan=plan,
            ogp_id=f"UA9{i:03d}",
            values={"title": f"Synthetic commitment {i}"},
            policy_areas=list(PolicyArea.objects.all()[:2]),
            stakeholders=[(organisation, "lead_implementer")],
        )
        services.milestone_create(commitment=page, title="Step", end_date=datetime.date(2020, 1, 1))
        services.irm_assessment_upsert(
            commitment=page,
            report_type="progress",
            values={"completion": "limited", "publication_year": 2020},
        )


@pytest.mark.parametrize(
    "query", ["", "?page=2", "?region=Europe&completion=limited&late=any", "?member=UKR&q=open"]
)
def test_explorer_queries_stay_the_same_as_the_record_grows(client, imported_once, query):
    def count() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/commitments/{query}").status_code == 200
        return len(queries)

    _grow(2, 0)
    small = count()
    _grow(20, 100)
    assert count() == small


# -- permalinks --------------------------------------------------------------------------------


def test_permalink_in_any_case_redirects_to_the_page_in_the_visitors_language(client, imported_once):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    response = client.get("/es/commitments/ua0087/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/es/" + page.url.split("/", 2)[2]
    assert client.get("/en/commitments/UA0087/").headers["Location"].startswith("/en/ukraine/")
    assert client.get("/es/commitments/Ua0087/").headers["Location"].startswith("/es/ukraine/")


def test_unknown_permalink_is_a_helpful_404(client, imported_once):
    response = client.get("/en/commitments/UA9999/")
    assert response.status_code == 404
    page = text(response)
    assert "No commitment has the identifier “UA9999”" in page
    assert 'href="/en/commitments/?q=UA9999"' in response.content.decode()
    # Commitments of the member whose letters the identifier starts with are suggested.
    first = CommitmentPage.objects.filter(ogp_id__startswith="UA").order_by("ogp_id").first()
    assert f"{first.ogp_id} — {first.short_title or first.title}" in page
    spanish = client.get("/es/commitments/UA9999/")
    assert "Ningún compromiso tiene el identificador" in text(spanish)


def test_an_unpublished_commitment_is_not_listed(client, imported_once):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    page.unpublish()
    assert "UA0087" not in found("member=UKR")
    assert client.get("/en/commitments/UA0087/").status_code == 404


def test_home_member_and_plan_pages_lead_to_their_commitments_in_the_explorer(client, imported_once):
    assert 'href="/en/commitments/"' in client.get("/en/").content.decode()
    member = MemberPage.objects.get(code="UKR")
    assert 'href="/es/commitments/?member=UKR"' in client.get(f"/es{member.url[3:]}").content.decode()
    plan = member.get_children().live().specific().first()
    html = client.get(f"/en{plan.url[3:]}").content.decode()
    assert f'href="/en/commitments/?member=UKR&amp;plan={plan.plan_id}"' in html
    # The link shows the plan's commitments, and only them.
    listed_ids = [
        r.page.ogp_id for r in client.get(f"/en/commitments/?member=UKR&plan={plan.plan_id}").context["rows"]
    ]
    assert sorted(listed_ids) == sorted(p.ogp_id for p in CommitmentPage.objects.child_of(plan).live())


def test_unpublishing_a_commitment_updates_the_cached_counts(client, imported_once):
    before = client.get("/en/commitments/?member=UKR").context["rollup"].commitments
    CommitmentPage.objects.get(ogp_id="UA0087").unpublish()
    assert client.get("/en/commitments/?member=UKR").context["rollup"].commitments == before - 1


def test_deleting_a_commitment_updates_the_cached_counts(client, imported_once):
    before = client.get("/en/commitments/").context["rollup"].commitments
    CommitmentPage.objects.get(ogp_id="UA0087").delete()
    assert client.get("/en/commitments/").context["rollup"].commitments == before - 1


def test_cached_counts_are_for_today_only(client, with_milestones, monkeypatch):
    from commitments.explorer import facets as explorer

    ukraine = client.get("/en/commitments/?member=UKR&late=any").context["rollup"].commitments
    assert ukraine == 1  # UA0087's milestone became overdue five days ago
    # Tomorrow nothing in the record changed, but lateness is measured again.
    tomorrow = timezone.localdate() + datetime.timedelta(days=200)
    monkeypatch.setattr(explorer.timezone, "localdate", lambda: tomorrow)
    monkeypatch.setattr("commitments.explorer.filters.timezone.localdate", lambda: tomorrow)
    key_today = explorer.cache_key(CommitmentFilterSet(QueryDict("member=UKR")))
    assert tomorrow.isoformat() in key_today


def _member_count(html: str, code: str) -> int:
    match = re.search(
        rf'<label for="f-member-{code.lower()}">[^<]*<span class="facet__count">([\d,]+)</span>', html
    )
    return int(match[1].replace(",", ""))


def _summary_count(html: str) -> int:
    summary = html[html.index('class="explorer__summary"') :]
    return int(re.search(r"<dt>Commitments</dt><dd>(\d+)</dd>", summary)[1])


def test_the_cached_filter_panel_and_summary_follow_the_record(client, imported_once):
    """The panel and the summary are rendered once per filters, language, data and day: a change
    to the record shows at once, and the panel keeps what the visitor typed."""
    html = client.get("/en/commitments/?region=Europe").content.decode()
    before, summary_before = _member_count(html, "UKR"), _summary_count(html)
    _grow(1, 700)
    html = client.get("/en/commitments/?region=Europe").content.decode()
    assert _member_count(html, "UKR") == before + 1
    assert _summary_count(html) == summary_before + 1
    # Same filters once the unreadable year is left out, but the box shows what was typed.
    first = client.get("/en/commitments/?region=Europe&year_from=abc").content.decode()
    second = client.get("/en/commitments/?region=Europe&year_from=abcd").content.decode()
    assert 'value="abc"' in first and 'value="abcd"' in second
    # And the Spanish page has its own.
    assert "Europa" in client.get("/es/commitments/?region=Europe").content.decode()
