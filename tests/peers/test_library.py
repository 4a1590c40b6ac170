"""The practice library: "sort by results" (one rule in Python and in SQL), facets, search, and
flat query counts for the library, the network page and the commitment page's peers panel."""

from __future__ import annotations

import datetime
import random

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import CommitmentFacts
from peers import ranking
from peers.models import PracticePage
from peers.versions import new_practices_version

from .conftest import add_commitment, make_practice, set_outcome

pytestmark = pytest.mark.django_db


def test_the_rule_in_python_and_in_sql_order_practices_alike(peers_world):
    """Random outcomes on many practices: the database's order is the rule's order."""
    rng = random.Random(14)
    commitments = list(peers_world.commitments.values())
    outcomes = [(True, "complete"), (None, "substantial"), (False, "limited"), (None, ""), (True, "")]
    for commitment in commitments:
        starred, completion = rng.choice(outcomes)
        set_outcome(commitment, starred=starred, completion=completion)
    start = timezone.now() - datetime.timedelta(days=30)
    for number in range(24):
        links = rng.sample(commitments, rng.randint(0, len(commitments)))
        practice = make_practice(peers_world.tree.library, f"Practice {number}", links=links)
        # Some share a publication time, so that the ties go down to the last key.
        PracticePage.objects.filter(pk=practice.pk).update(
            first_published_at=start + datetime.timedelta(days=number // 3)
        )
    facts = {f.commitment_id: f for f in CommitmentFacts.objects.all()}
    expected = []
    for practice in PracticePage.objects.live().prefetch_related("commitment_links"):
        linked = [link.commitment_id for link in practice.commitment_links.all()]
        with_results = sum(
            ranking.has_results(starred=facts[pk].starred, completion=facts[pk].completion) for pk in linked
        )
        expected.append(
            ranking.Outcomes(
                pk=practice.pk,
                linked=len(linked),
                with_results=with_results,
                published=practice.first_published_at,
            )
        )
    in_python = [o.pk for o in sorted(expected, key=ranking.sort_key)]
    in_sql = list(ranking.by_results(PracticePage.objects.live()).values_list("pk", flat=True))
    assert in_sql == in_python
    # The library's way (counts from one grouped query, then a stable sort) agrees too.
    assert ranking.ranked_ids(PracticePage.objects.live()) == in_python
    # And not trivially: the first has a better score than the last.
    scores = {o.pk: ranking.results_score(linked=o.linked, with_results=o.with_results) for o in expected}
    assert scores[in_sql[0]] > scores[in_sql[-1]]


def test_library_sorts_by_results_and_states_the_rule(peers_world, client):
    c = peers_world.commitments
    make_practice(peers_world.tree.library, "Half worked", links=[c["MX1"], c["MX2"]])
    make_practice(peers_world.tree.library, "All worked", links=[c["MX1"], c["FR1"]])
    make_practice(peers_world.tree.library, "Nothing linked")
    html = client.get("/en/peers/practices/").content.decode()
    assert html.index("All worked") < html.index("Half worked") < html.index("Nothing linked")
    assert "Sorted by results: a practice&#x27;s score is the share" in html
    spanish = client.get("/es/peers/practices/").content.decode()
    assert "Ordenadas por resultados" in spanish


def test_library_facets_and_search(peers_world, client):
    areas = peers_world.areas
    make_practice(
        peers_world.network,
        "Tender red flags",
        areas=[areas["open-contracting"]],
        stages=["tender"],
        countries="MX,UA",
        what_was_done="A risk dashboard for buyers",
    )
    make_practice(
        peers_world.tree.library,
        "Budget hearings",
        language="es",
        areas=[areas["fiscal-openness"]],
        stages=["planning"],
        countries="FR",
    )

    def titles(query: str) -> set[str]:
        html = client.get(f"/en/peers/practices/?{query}").content.decode()
        return {t for t in ("Tender red flags", "Budget hearings") if t in html}

    assert titles("") == {"Tender red flags", "Budget hearings"}
    assert titles("policy_area=open-contracting") == {"Tender red flags"}
    assert titles("stage=planning") == {"Budget hearings"}
    assert titles("country=UA") == {"Tender red flags"}
    assert titles("country=FR") == {"Budget hearings"}
    assert titles("language=es") == {"Budget hearings"}
    assert titles("network=contracting-5") == {"Tender red flags"}
    assert titles("q=dashboard") == {"Tender red flags"}
    assert titles("q=hearings&language=en") == set()
    # A filter that is not understood is said so and ignored; nothing breaks.
    response = client.get("/en/peers/practices/?stage=nonsense")
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_drafts_do_not_appear_in_the_library(peers_world, client):
    make_practice(peers_world.network, "Unapproved draft", live=False)
    assert "Unapproved draft" not in client.get("/en/peers/practices/").content.decode()
    assert "Unapproved draft" not in client.get("/en/peers/contracting-5/").content.decode()


def _count(client, url: str) -> int:
    new_practices_version()  # the peers panel is computed afresh, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, start: int, how_many: int) -> None:
    """More practices, members and links: what must not change the number of queries."""
    areas = list(world.areas.values())
    commitments = list(world.commitments.values())
    for number in range(start, start + how_many):
        make_practice(
            world.network,
            f"Grown practice {number}",
            links=commitments[: 1 + number % len(commitments)],
            areas=areas[: 1 + number % len(areas)],
        )
    member = world.members["MEX"]
    for number in range(start, start + how_many):
        add_commitment(member, f"MX1{number:03d}", f"Open contracting data {number}", [areas[0]])
    from commitments.explorer.facts import commitment_facts_refresh

    commitment_facts_refresh()
    CommitmentFacts.objects.filter(commitment__title__startswith="Open contracting data ").update(
        starred=True
    )


@pytest.mark.parametrize(
    "url",
    ["/en/peers/practices/", "/en/peers/contracting-5/", "/en/peers/", "AR1", "practice"],
)
def test_query_counts_stay_flat_as_the_data_grows(peers_world, client, url):
    c = peers_world.commitments
    make_practice(peers_world.network, "Measured practice", links=[c["AR1"], c["MX1"]])
    target = {"AR1": c["AR1"].url, "practice": "/en/peers/contracting-5/measured-practice/"}.get(url, url)
    _grow(peers_world, 0, 2)
    client.get(target)  # warm the caches that are meant to be warm (site root, facts version)
    small = _count(client, target)
    _grow(peers_world, 2, 8)
    client.get(target)
    large = _count(client, target)
    assert large == small
