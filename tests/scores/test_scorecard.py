"""The plan and member pages' civil-society scorecard, and its query budget."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments import services

from .score_fixtures import approved_update, organisation, published_score, scoring_round


def scorecard(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    match = re.search(
        r'<section class="rollup" aria-labelledby="scorecard-heading".*', response.content.decode(), re.S
    )
    assert match, "no scorecard"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[0]))


def test_no_round_no_scorecard(world):
    plan = world.commitment.get_parent()
    assert "scorecard-heading" not in Client().get(plan.url).content.decode()


def test_the_plan_scorecard_per_round(world):
    plan = world.commitment.get_parent()
    approved_update(world, status="met", percent_complete=100)  # the government: complete
    services.irm_assessment_upsert(
        commitment=world.commitment,
        report_type="results",
        values={"publication_year": 2026, "completion": "limited"},
    )
    round = scoring_round(world)
    published_score(world, round, organisation("Watchdog"), completion="limited")
    published_score(world, round, organisation("Academy", "academia"), completion="substantial")
    scoring_round(world, name="End of term 2027", days_ago=1)
    text = scorecard(plan.url)
    assert "Civil-society scorecard" in text
    assert "End of term 2027 No score has been published in this round yet." in text
    assert "Mid-term 2026" in text
    # Two scores: limited and substantial; median (lower middle) limited, of 2 scores.
    assert "Scores 2" in text and "Commitments scored 1" in text
    assert "Median completion Limited of 2 scores" in text
    assert re.search(r"Limited 1 50% .*Substantial 1 50%", text)
    # One commitment scored by two organisations, one step apart: they agree.
    assert "Organisations agree 1 / 1 100%" in text
    # The median (limited) is two steps below the government (complete), the same as the IRM.
    assert re.search(r"Civil society rates it lower 1 100% 0 0%", text)
    assert re.search(r"Civil society agrees 0 0% 1 100%", text)


def test_the_member_scorecard_names_the_plan_and_speaks_spanish(world):
    published_score(world, scoring_round(world), organisation("Watchdog"), completion="limited")
    text = scorecard(world.member.url)
    assert "Mid-term 2026 · " in text
    spanish = scorecard(world.member.url.replace("/en/", "/es/", 1))
    assert "Balance de la sociedad civil" in spanish and "Cumplimiento mediano" in spanish
    assert "Civil-society scorecard" not in spanish


def _count(url) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_plan_and_member_pages_cost_the_same_with_1_or_50_scores(world):
    plan = world.commitment.get_parent()
    approved_update(world)
    round = scoring_round(world)
    published_score(world, round, organisation("Org 0"), completion="limited")
    counts = (_count(plan.url), _count(world.member.url))
    for n in range(1, 50):
        published_score(world, round, organisation(f"Org {n}"), completion="substantial")
    assert (_count(plan.url), _count(world.member.url)) == counts
