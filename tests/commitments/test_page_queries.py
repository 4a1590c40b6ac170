"""Issue 17: member, plan and commitment pages in at most 12 queries on a cold render (every
cache cleared), the same with 1 or 30 of everything, for a visitor and for people signed in
(who add their personal boxes: follow, what they may do).

How: the page, its ancestors (specific), its view restrictions, the commitment's facts row and
whether each panel has anything to show come in the one query that routes to it
(``tracker.routing``); the site, its root page and the site root paths in one more
(``SiteLookupMiddleware``); member and plan pages count milestones, progress and red flags from
the facts rows they read with their commitments.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import services as record
from commitments.fieldwork import services as fieldwork
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues
from commitments.models import CommitmentFacts, CommitmentPage, Milestone
from commitments.progress import services as progress
from commitments.rules import MilestoneStatus
from commitments.selectors import milestone_summary, milestone_summary_from_facts
from devdata.management.commands.bench import verdicts
from devdata.management.commands.bench_measure import PAGE_QUERY_BUDGET
from tests.cases.fixtures import answer, build_case_world, file_case
from tests.fieldwork.photo_files import jpeg
from tests.scores.score_fixtures import organisation, published_score, scoring_round
from tracker.models import Sector

pytestmark = pytest.mark.django_db

# Cold counts (every cache cleared) in the worlds below, the same at both sizes: for a visitor,
# a signed-in civil-society monitor and a point of contact of the member (their personal boxes:
# follow, what they may do). "typical": commitments with milestones, roles, IRM assessments and
# approved updates; "everything": also feedback cases, published scores, site visits with photos
# and consultations on the commitment and in its plan.
EXPECTED = {
    "typical": {
        "member": {"anonymous": 9, "monitor": 13, "poc": 13},
        "plan": {"anonymous": 9, "monitor": 13, "poc": 13},
        "commitment": {"anonymous": 9, "monitor": 14, "poc": 13},
    },
    # Each panel reads its rows with their children in one query (``tracker.db.JSONRows``):
    # cases, scores (versions, verdicts, the government's reports) and fieldwork (visits with
    # photos and moderation, consultations with participants and inputs); the scorecards of
    # member and plan pages read their rounds with their scores, reports and IRM completions
    # in one. See docs/page-queries.md.
    "everything": {
        "member": {"anonymous": 9, "monitor": 13, "poc": 13},
        "plan": {"anonymous": 9, "monitor": 13, "poc": 13},
        "commitment": {"anonymous": 12, "monitor": 17, "poc": 16},
    },
    # "everything" with contracting links too: processes (awards, contracts, budget lines,
    # suppliers, releases), projects and beneficial owners. Over the budget on the commitment
    # page: the contracting panel's four reads (links; projects; processes; owners) come on top
    # of the twelve.
    "contracting": {
        "member": {"anonymous": 9, "monitor": 13, "poc": 13},
        "plan": {"anonymous": 9, "monitor": 13, "poc": 13},
        "commitment": {"anonymous": 16, "monitor": 21, "poc": 20},
    },
}
SMALL, LARGE = 1, 12


def cold_queries(client: Client, url: str) -> tuple[int, str]:
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def build(*, everything: bool = False):
    world = build_case_world()
    world.users["monitor"] = world.users["civil_society"]
    world.round = scoring_round(world) if everything else None
    world.grown = 0
    return world


CONTRACTING = Path(__file__).resolve().parent.parent / "data" / "contracting"
OCIDS = ["ocds-213czf-000-00001", "ocds-213czf-000-00002", "ocds-213czf-000-00003"]
PROJECTS = ["oc4ids-bu3kcz-0001", "oc4ids-bu3kcz-0002"]


def link_contracting(world, *, many: bool) -> None:
    """Contracting data linked to the commitment: one process and one project, or every process
    (one twice, through a milestone) and project of the sample files."""
    from commitments.contracting.importing import import_ocds
    from commitments.contracting.owners import import_bods
    from commitments.contracting.projects import import_oc4ids
    from commitments.contracting.services import process_link_create, project_link_create

    poc = world.user("poc")
    if not many:
        import_ocds(CONTRACTING / "ocds_sample.json")
        import_ocds(CONTRACTING / "ocds_record_package.json")
        import_bods(CONTRACTING / "bods_04.json")
        import_oc4ids(CONTRACTING / "oc4ids_projects.json")
    ocids, projects = (OCIDS[1:], PROJECTS[1:]) if many else (OCIDS[:1], PROJECTS[:1])
    for ocid in ocids:
        process_link_create(user=poc, commitment=world.commitment, ocid=ocid, relation="implements")
    if many:
        process_link_create(
            user=poc,
            commitment=world.commitment,
            ocid=OCIDS[0],
            relation="implements",
            milestone=world.milestone,
        )
    for project_id in projects:
        project_link_create(
            user=poc, commitment=world.commitment, project_id=project_id, relation="implements"
        )


def grow(world, n: int, *, everything: bool) -> None:
    """n more commitments in the plan, milestones and roles and approved updates on the
    commitment; with ``everything``, feedback cases (the first answered), published scores, site
    visits and consultations too."""
    plan = world.commitment.get_parent().specific
    photo = photo_clean(jpeg())
    for _ in range(n):
        i = world.grown = world.grown + 1
        page, _created = record.commitment_page_upsert(
            plan=plan,
            ogp_id=f"TS{100 + i:04d}",
            values={"title": f"Grown commitment {i}", "number": 100 + i},
            stakeholders=[(world.ministry, "lead_implementer")],
        )
        record.milestone_create(commitment=page, title="Step", end_date=datetime.date(2020, 1, 1))
        record.irm_assessment_upsert(
            commitment=page, report_type="progress", values={"completion": "limited"}
        )
        record.milestone_create(
            commitment=world.commitment,
            title=f"Extra step {i}",
            end_date=timezone.localdate() - datetime.timedelta(days=i),
            status=MilestoneStatus.MET if i % 2 else MilestoneStatus.SCHEDULED,
            date_met=timezone.localdate() if i % 2 else None,
        )
        partner, _created = record.organisation_get_or_create(name=f"Partner {i}", sector=Sector.BUSINESS)
        record.stakeholder_role_add(commitment=world.commitment, organisation=partner, role="monitor")
        update = progress.progress_update_create(
            milestone=world.milestone,
            author=world.user("poc"),
            status="partiallyMet",
            percent_complete=min(10 * i, 90),
            narrative=f"Step {i} done.",
            evidence_url="https://example.org/evidence",
            submit=True,
        )
        progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
        if not everything:
            continue
        case = file_case(world, milestone=world.milestone if i % 2 else None)
        if i % 3 == 1:
            answer(world, case)
        published_score(world, world.round, organisation(f"Watch {i}"), completion="limited")
        fieldwork.site_visit_record(
            milestone=world.milestone,
            author=world.user("filer"),
            visited_on=timezone.localdate() - datetime.timedelta(days=i),
            observations=f"Visit {i}",
            observed_status="met" if i % 3 else "notMet",
            photos=[photo],
        )
        fieldwork.consultation_save(
            actor=world.user("poc"),
            subject=world.commitment,
            held_on=timezone.localdate(),
            format="online",
            summary=f"Consultation {i}",
            participants={"civil_society": i, "business": i % 2},
            inputs=[InputValues(said=f"Input {i}", answer="adopted", reason="Done")],
        )


def urls(world) -> dict[str, str]:
    return {
        "member": world.member.url,
        "plan": world.commitment.get_parent().url,
        "commitment": world.commitment.url,
    }


def counts(world) -> dict:
    """Each page's cold count and text, per person. Each page is asked for once first, as the
    bench does: a scope the case scorecards never stored is computed on its first view."""
    for url in urls(world).values():
        Client().get(url)
    result = {}
    for who in ("anonymous", "monitor", "poc"):
        client = Client()
        if who != "anonymous":
            client.force_login(world.user(who))
        result[who] = {kind: cold_queries(client, url) for kind, url in urls(world).items()}
    return result


@pytest.mark.parametrize("scenario", ["typical", "everything", "contracting"])
def test_pages_keep_their_query_count_from_1_to_12_of_everything(scenario):
    everything = scenario != "typical"
    world = build(everything=everything)
    grow(world, SMALL, everything=everything)
    if scenario == "contracting":
        link_contracting(world, many=False)
    small = counts(world)
    grow(world, LARGE - SMALL, everything=everything)
    if scenario == "contracting":
        link_contracting(world, many=True)
    large = counts(world)
    found = {kind: {who: (small[who][kind][0], large[who][kind][0]) for who in small} for kind in urls(world)}
    expected = {
        kind: {who: (count, count) for who, count in per_who.items()}
        for kind, per_who in EXPECTED[scenario].items()
    }
    assert found == expected
    # The same content, grown: every panel shows what was added.
    commitment = visible_text(large["anonymous"]["commitment"][1])
    assert f"Extra step {LARGE}" in commitment and f"Partner {LARGE}" in commitment
    assert f"Grown commitment {LARGE}" in visible_text(large["anonymous"]["plan"][1])
    if scenario == "contracting":
        assert "Ada Q. Example" in commitment and OCIDS[2] in commitment and PROJECTS[1] in commitment
    if everything:
        # The visit count comes with the first page of visits (a window over the same query).
        assert f"{LARGE} visits recorded" in commitment and "Visit 1 " in commitment
        assert f"Consultation {LARGE}" in commitment
        assert f"Watch {LARGE}" in commitment


def test_a_typical_page_is_within_the_issue_s_budget():
    """12 for a visitor; 3 more at most for the personal boxes of someone signed in."""
    for kind, per_who in EXPECTED["typical"].items():
        assert per_who["anonymous"] <= PAGE_QUERY_BUDGET, kind
        assert max(per_who.values()) <= PAGE_QUERY_BUDGET + 3, kind


def test_the_facts_count_late_milestones_as_the_milestones_do():
    world = build()
    grow(world, 6, everything=False)
    record.milestone_create(
        commitment=world.commitment, title="Not met", end_date=datetime.date(2020, 1, 1), status="notMet"
    )
    record.milestone_create(commitment=world.commitment, title="No date")
    today = timezone.localdate()
    for commitment in CommitmentPage.objects.all():
        facts = CommitmentFacts.objects.get(commitment=commitment)
        milestones = list(Milestone.objects.filter(commitment=commitment))
        assert milestone_summary_from_facts(facts, today) == milestone_summary(milestones), commitment


def test_a_restricted_commitment_asks_for_its_password_and_an_unknown_path_is_404():
    from wagtail.models import PageViewRestriction

    world = build()
    client = Client()
    PageViewRestriction.objects.create(
        page=world.commitment.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(world.commitment.url)
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    assert client.get(world.commitment.url + "nothing-here/").status_code == 404
    world.commitment.unpublish()
    assert client.get(world.commitment.url).status_code == 404


def test_the_bench_flags_a_page_over_its_query_budget():
    def row(name, cold, budget):
        return {
            "name": name,
            "ok": True,
            "error": "",
            "median_ms": 10,
            "cpu_median_ms": 10,
            "queries_cold": cold,
            "queries_warm": cold,
            "target_ms": None,
            "max_queries": budget,
        }

    results = {
        2000: {
            "rows": [row("member page", 12, 12), row("commitment page", 13, 12), row("explorer", 30, None)]
        },
        20000: {
            "rows": [row("member page", 12, 12), row("commitment page", 13, 12), row("explorer", 30, None)]
        },
    }
    by_name = {v["name"]: v for v in verdicts(results)}
    assert by_name["member page"]["queries_ok"] and by_name["member page"]["ok"]
    assert by_name["commitment page"]["queries_ok"] is False and not by_name["commitment page"]["ok"]
    assert by_name["explorer"]["queries_ok"] is None and by_name["explorer"]["ok"]


def test_practices_behind_a_view_restriction_stay_off_the_commitment_page(client):
    """The practices' "public" filter is a subquery now: a restricted practice, or one under a
    restricted network, is still not shown, and an unrestricted one is."""
    from wagtail.models import PageViewRestriction

    from tests.peers.conftest import build_peers_world, make_practice

    world = build_peers_world()
    c = world.commitments
    make_practice(world.network, "Open data for works", links=[c["MX1"]])
    shown = make_practice(world.network, "Argentine practice", links=[c["AR1"]])
    hidden = make_practice(world.network, "Secret practice", links=[c["AR1"]])
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(c["AR1"].url).content.decode()
    panel = html[html.index('id="peers-heading"') :]
    assert shown.title in panel and "Open data for works" in panel
    assert "Secret practice" not in panel
    PageViewRestriction.objects.create(page=world.network, restriction_type=PageViewRestriction.LOGIN)
    for cache in caches.all():  # a new restriction is not a change of the record
        cache.clear()
    html = client.get(c["AR1"].url).content.decode()
    assert "Argentine practice" not in html and "Open data for works" not in html


@pytest.mark.parametrize(
    ("hostname", "port"),
    [("localhost", 80), ("testserver", 80), ("other.example", 80), ("other.example", 8080), ("nowhere", 80)],
)
def test_the_one_query_site_lookup_picks_what_wagtail_picks(hostname, port):
    """``SiteLookupMiddleware`` reads every site once and chooses as Wagtail's own lookup does;
    its root paths are Wagtail's too."""
    from wagtail.models import Page, Site
    from wagtail.models.sites import get_site_for_hostname

    from tracker.routing import site_for, site_root_paths

    home = Page.objects.get(depth=2)
    Site.objects.create(hostname="other.example", port=8080, root_page=home, site_name="Other")
    Site.objects.create(hostname="other.example", port=443, root_page=home, site_name="Other TLS")
    sites = list(Site.objects.select_related("root_page", "root_page__locale"))
    try:
        expected = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        expected = None
    chosen = site_for(sites, hostname, port)
    assert (chosen.pk if chosen else None) == (expected.pk if expected else None)
    Site.clear_site_root_paths_cache()
    assert site_root_paths(sites) == Site.get_site_root_paths()
