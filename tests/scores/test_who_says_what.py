"""The commitment page's "Who says what" panel: three voices on one scale, divergence in words."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments import services

from .score_fixtures import approved_update, organisation, published_score, reply, scoring_round


def page_text(world, language: str = "en") -> str:
    url = (
        world.commitment.url if language == "en" else world.commitment.url.replace("/en/", f"/{language}/", 1)
    )
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str) -> str:
    match = re.search(
        r'<section class="panel" aria-labelledby="who-says-what-heading".*?</section>', html, re.S
    )
    assert match, "no Who says what panel"
    return re.sub(r"\s+", " ", match[0])


def with_irm(world, **values):
    services.irm_assessment_upsert(
        commitment=world.commitment, report_type="results", values={"publication_year": 2026, **values}
    )


def test_no_published_score_no_panel(world):
    published_score(world, scoring_round(world), organisation("Watchdog"), completion="limited", hidden=True)
    assert "who-says-what-heading" not in page_text(world)


def test_three_voices_side_by_side_with_the_divergence_in_words(world):
    approved_update(world, status="met", percent_complete=100)  # the government: complete
    with_irm(world, completion="substantial")
    round = scoring_round(world)
    watchdog = published_score(
        world,
        round,
        organisation("Watchdog"),
        completion="limited",
        potential_for_results="modest",
        verdicts={world.milestone: ("contest", "The data is not online.")},
    )
    published_score(
        world,
        round,
        organisation("Academy", "academia"),
        completion="complete",
        verdicts={world.milestone: ("confirm", "")},
    )
    text = panel(page_text(world))
    assert "Mid-term 2026" in text
    assert "The government&#x27;s report" in text and "The IRM&#x27;s latest finding" in text
    assert "Watchdog" in text and "Academy" in text
    # Watchdog: limited, two steps below the government (marked), one below the IRM.
    assert (
        "Divergence:</strong> Watchdog rates completion 2 steps below the government&#x27;s report." in text
    )
    assert "Watchdog rates completion one step below the IRM." in text
    assert "Academy rates completion the same as the government&#x27;s report." in text
    # Two organisations three steps apart disagree.
    assert "The organisations disagree on completion: their scores are 2 steps apart." in text
    # Confirm / contest counts per milestone, linking to the reasons on the scores page.
    scores_url = "/en/commitments/TS0001/scores/"
    assert f'href="{scores_url}#round-{round.pk}"' in text
    assert "1 contest: the reason" in text
    assert f'href="{scores_url}#score-{watchdog.pk}"' in text
    # A reply shows beside the score.
    assert "The government replied" not in text
    reply(world, watchdog)
    assert "The government replied" in panel(page_text(world))


def test_missing_irm_and_a_single_organisation(world):
    approved_update(world, percent_complete=40)  # the government: limited
    published_score(world, scoring_round(world), organisation("Watchdog"), completion="limited")
    text = panel(page_text(world))
    assert "Watchdog rates completion the same as the government&#x27;s report." in text
    assert "the IRM." not in text  # no comparison without an IRM finding
    assert "agree" not in text  # one organisation: nothing to agree with


def test_an_earlier_era_uses_potential_impact(world):
    plan = world.commitment.get_parent().specific
    plan.start_year = 2018
    plan.save_revision().publish()
    with_irm(world, potential_impact="moderate")
    published_score(
        world, scoring_round(world), organisation("Watchdog"), completion="limited", potential_impact="minor"
    )
    text = panel(page_text(world))
    assert "Potential impact" in text and "Potential for results" not in text
    assert "Watchdog rates potential impact one step below the IRM." in text


def test_the_panel_in_spanish(world):
    approved_update(world, status="met", percent_complete=100)
    published_score(world, scoring_round(world), organisation("Watchdog"), completion="limited")
    text = panel(page_text(world, "es"))
    assert "Quién dice qué" in text
    assert (
        "Watchdog califica nivel de cumplimiento 2 niveles por debajo de lo informado por el gobierno."
        in text
    )


def _count(url) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_commitment_page_costs_the_same_with_1_or_50_scores(world):
    approved_update(world)
    round = scoring_round(world)
    published_score(
        world,
        round,
        organisation("Org 0"),
        completion="limited",
        verdicts={world.milestone: ("contest", "No")},
    )
    one = _count(world.commitment.url)
    for n in range(1, 50):
        published_score(
            world,
            round,
            organisation(f"Org {n}"),
            completion="substantial",
            verdicts={world.milestone: ("confirm", "")},
        )
    assert _count(world.commitment.url) == one
