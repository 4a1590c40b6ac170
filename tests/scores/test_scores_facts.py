"""Civil-society columns of the explorer's facts, and the red flag "contested" built on them."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from commitments.flags import FLAGS, flags_for
from commitments.models import CommitmentFacts

from .score_fixtures import (
    approved_update,
    organisation,
    published_score,
    reply,
    score_version_add,
    scoring_round,
)


def facts(world):
    return CommitmentFacts.objects.get(commitment=world.commitment)


def explorer_flagged(code: str) -> set[str]:
    response = Client().get("/en/commitments/", {"flag": code})
    return {page.ogp_id for page in response.context["page_obj"].object_list}


def test_median_count_and_divergence_from_the_government(world):
    approved_update(world, percent_complete=100, status="met")  # the government: complete
    round = scoring_round(world)
    published_score(world, round, organisation("Watchdog"), completion="limited")
    assert (facts(world).cs_completion, facts(world).cs_scores, facts(world).cs_divergence) == (
        "limited",
        1,
        -2,
    )
    published_score(world, round, organisation("Academy", "academia"), completion="substantial")
    published_score(world, round, organisation("Observatory"), completion="complete")
    # Three scores: limited, substantial, complete → median substantial, one step below.
    assert (facts(world).cs_completion, facts(world).cs_scores, facts(world).cs_divergence) == (
        "substantial",
        3,
        -1,
    )


def test_only_the_latest_round_and_visible_latest_versions_count(world):
    approved_update(world, percent_complete=40)  # the government: limited
    old = scoring_round(world, name="Mid-term 2025", days_ago=300)
    published_score(world, old, organisation("Watchdog"), completion="not_started")
    new = scoring_round(world, name="End of term 2026", days_ago=5)
    score = published_score(world, new, organisation("Watchdog"), completion="limited")
    published_score(world, new, organisation("Hidden org"), completion="complete", hidden=True)
    assert (facts(world).cs_completion, facts(world).cs_scores, facts(world).cs_divergence) == (
        "limited",
        1,
        0,
    )
    score_version_add(score, completion="complete")  # a revision: its latest version counts
    assert (facts(world).cs_completion, facts(world).cs_divergence) == ("complete", 2)


def test_no_government_report_no_divergence(world):
    published_score(world, scoring_round(world), organisation("Watchdog"), completion="limited")
    assert facts(world).cs_completion == "limited"
    assert facts(world).cs_divergence is None


def test_contested_until_replied_or_superseded(world):
    approved_update(world)
    round = scoring_round(world)
    watchdog = organisation("Watchdog")
    score = published_score(
        world, round, watchdog, completion="limited", verdicts={world.milestone: ("contest", "Not online")}
    )
    published_score(
        world,
        round,
        organisation("Academy", "academia"),
        completion="limited",
        verdicts={world.milestone: ("confirm", "")},
    )
    now = timezone.now()
    assert facts(world).contested == 1
    assert "contested" in {flag.code for flag in flags_for(facts(world), now)}
    assert explorer_flagged("contested") == {"TS0001"}

    reply(world, score)
    assert facts(world).contested == 0
    assert explorer_flagged("contested") == set()


def test_a_newer_approved_update_is_not_contested_by_a_verdict_on_the_older(world):
    approved_update(world)
    published_score(
        world,
        scoring_round(world),
        organisation("Watchdog"),
        completion="limited",
        verdicts={world.milestone: ("contest", "Not online")},
    )
    assert facts(world).contested == 1
    approved_update(world, percent_complete=80, narrative="All datasets online now.")
    assert facts(world).contested == 0


def test_hidden_score_does_not_contest(world):
    approved_update(world)
    published_score(
        world,
        scoring_round(world),
        organisation("Watchdog"),
        completion="limited",
        hidden=True,
        verdicts={world.milestone: ("contest", "Not online")},
    )
    assert facts(world).contested == 0


def test_the_contested_condition_agrees_with_the_rule(world):
    now = timezone.now()
    for count in (0, 1, 3):
        CommitmentFacts.objects.filter(commitment=world.commitment).update(contested=count)
        row = facts(world)
        in_query = CommitmentFacts.objects.filter(FLAGS["contested"].condition("", now), pk=row.pk).exists()
        assert in_query == FLAGS["contested"].test(row, now) == (count > 0)
