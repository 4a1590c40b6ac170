"""The explorer's civil-society facets (completion, contested, divergence) and their counts."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.models import CommitmentFacts
from commitments.scores import divergence

from .score_fixtures import approved_update, organisation, published_score, scoring_round


def listed(**params) -> set[str]:
    response = Client().get("/en/commitments/", params)
    assert response.status_code == 200
    return {page.ogp_id for page in response.context["page_obj"].object_list}


def facet(name: str, **params) -> dict[str, int]:
    response = Client().get("/en/commitments/", params)
    return {v.value: v.count for v in response.context["facets"][name].values}


def contested_world(world):
    approved_update(world, status="met", percent_complete=100)  # the government: complete
    published_score(
        world,
        scoring_round(world),
        organisation("Watchdog"),
        completion="limited",
        verdicts={world.milestone: ("contest", "The data is not online.")},
    )


def test_the_facets_find_the_scored_and_contested_commitment(world):
    contested_world(world)
    assert listed(contested="yes") == {"TS0001"}
    assert listed(flag="contested") == {"TS0001"}
    assert "TS0001" not in listed(contested="no") and "OT0001" in listed(contested="no")
    assert listed(cs_completion="limited") == {"TS0001"}
    assert listed(cs_completion="not_scored") == {"OT0001"}
    assert listed(cs_divergence="below") == {"TS0001"}
    assert listed(cs_divergence="same") == set()
    assert facet("contested") == {"yes": 1, "no": 1}
    assert facet("cs_completion") == {"limited": 1, "not_scored": 1}
    assert facet("cs_divergence") == {"below": 1}
    page = Client().get("/en/commitments/").content.decode()
    assert "Civil-society completion" in page and "Civil society rates it lower" in page
    spanish = Client().get("/es/commitments/").content.decode()
    assert "Cumplimiento según la sociedad civil" in spanish


def test_the_divergence_condition_agrees_with_the_rule(world):
    for steps in (-3, -1, 0, 2, None):
        CommitmentFacts.objects.filter(commitment=world.commitment).update(cs_divergence=steps)
        found = divergence.direction(steps)
        for option in divergence.Direction:
            in_query = CommitmentFacts.objects.filter(
                divergence.direction_q(option.value, "cs_divergence"), commitment=world.commitment
            ).exists()
            assert in_query == (found is option), (steps, option)


def _count(params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/en/commitments/", params).status_code == 200
    return len(queries)


def test_the_explorer_costs_the_same_with_1_or_50_scores(world):
    contested_world(world)
    params = {"contested": "yes", "cs_completion": ["limited", "substantial"], "cs_divergence": "below"}
    one = _count(params)
    round = world.commitment.scores.first().round
    for n in range(1, 50):
        published_score(world, round, organisation(f"Org {n}"), completion="limited")
    assert listed(**params) == {"TS0001"}
    assert _count(params) == one
