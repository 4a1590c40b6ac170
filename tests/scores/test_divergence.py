"""Divergence and agreement, without a database: one scale for the three voices, at the edges."""

from __future__ import annotations

import pytest

from django.utils import translation

from commitments.scores import divergence as d
from commitments.scores.divergence import CommitmentScores, Dimension, Era

NOT_STARTED, LIMITED, SUBSTANTIAL, COMPLETE = 0, 1, 2, 3


@pytest.mark.parametrize(
    ("value", "dimension", "era", "expected"),
    [
        ("not_started", Dimension.COMPLETION, Era.BEFORE_2021, 0),
        ("complete", Dimension.COMPLETION, Era.FROM_2021, 3),
        ("withdrawn", Dimension.COMPLETION, Era.FROM_2021, None),
        ("unclear", Dimension.COMPLETION, Era.FROM_2021, None),
        ("", Dimension.COMPLETION, Era.FROM_2021, None),
        # Potential impact before 2021, potential for results from 2021: never mixed.
        ("transformative", Dimension.DESIGN, Era.BEFORE_2021, 3),
        ("transformative", Dimension.DESIGN, Era.FROM_2021, None),
        ("substantial", Dimension.DESIGN, Era.FROM_2021, 2),
        ("substantial", Dimension.DESIGN, Era.BEFORE_2021, None),
        ("outstanding", Dimension.RESULTS, Era.BEFORE_2021, 4),
        ("outstanding", Dimension.RESULTS, Era.FROM_2021, 3),
        ("not_yet", Dimension.RESULTS, Era.FROM_2021, None),
        ("worsened", Dimension.RESULTS, Era.FROM_2021, None),
    ],
)
def test_steps_by_era(value, dimension, era, expected):
    assert d.step(value, dimension, era) == expected


@pytest.mark.parametrize(
    ("year", "era"), [(2020, Era.BEFORE_2021), (2021, Era.FROM_2021), (None, Era.FROM_2021)]
)
def test_era_of_a_plan(year, era):
    assert d.era_for(year) is era


def test_divergence_is_voice_minus_reference_and_missing_compares_with_nothing():
    assert d.divergence(LIMITED, COMPLETE) == -2
    assert d.divergence(COMPLETE, LIMITED) == 2
    assert d.divergence(LIMITED, LIMITED) == 0
    assert d.divergence(LIMITED, None) is None  # no IRM finding
    assert d.divergence(None, LIMITED) is None
    assert [d.is_marked(s) for s in (-2, -1, 0, 1, 2, None)] == [True, False, False, False, True, False]


def test_explanations_in_words_both_languages():
    words = {"voice": "Civil society", "reference": "the government's report"}
    assert d.explain(-2, **words) == "Civil society rates completion 2 steps below the government's report."
    assert d.explain(1, **words) == "Civil society rates completion one step above the government's report."
    assert d.explain(0, **words) == "Civil society rates completion the same as the government's report."
    assert "cannot be compared" in d.explain(None, **words)
    assert "potential for results" in d.explain(-1, dimension=Dimension.DESIGN, era=Era.FROM_2021, **words)
    assert "potential impact" in d.explain(-1, dimension=Dimension.DESIGN, era=Era.BEFORE_2021, **words)
    with translation.override("es"):
        spanish = d.explain(-2, voice="La sociedad civil", reference="el informe del gobierno")
    assert (
        spanish
        == "La sociedad civil califica nivel de cumplimiento 2 niveles por debajo de el informe del gobierno."
    )


def test_agreement_at_the_edges():
    one = d.agreement([SUBSTANTIAL])
    assert (one.count, one.spread, one.agree) == (1, 0, None)  # one organisation: nothing to agree with
    tie = d.agreement([LIMITED, LIMITED])
    assert (tie.spread, tie.agree) == (0, True)
    assert d.agreement([LIMITED, SUBSTANTIAL]).agree is True
    wide = d.agreement([NOT_STARTED, SUBSTANTIAL, LIMITED])
    assert (wide.spread, wide.agree) == (2, False)
    off_scale = d.agreement([None, LIMITED])  # withdrawn / unclear scores do not count
    assert (off_scale.count, off_scale.agree) == (1, None)
    assert d.agreement([]).spread is None


def test_median_takes_the_lower_middle_on_ties():
    assert d.median_step([]) is None
    assert d.median_step([None]) is None
    assert d.median_step([COMPLETE]) == COMPLETE
    assert d.median_step([LIMITED, COMPLETE]) == LIMITED
    assert d.median_step([COMPLETE, NOT_STARTED, LIMITED]) == LIMITED
    assert d.median_with_count([COMPLETE, SUBSTANTIAL, None]) == "substantial (2)"
    assert d.median_with_count([None]) == ""


def test_direction_rule_and_its_database_condition_agree():
    from commitments.models import CommitmentFacts

    for steps in (-3, -1, 0, 1, 2, None):
        found = d.direction(steps)
        for option in d.Direction:
            q = d.direction_q(option.value, "cs_divergence")
            # Evaluate the Q on a plain object: each child is (lookup, value).
            assert _matches(q, {"cs_divergence": steps}) == (found is option), (steps, option)
    assert CommitmentFacts  # the column's model is importable without a database


def _matches(q, row) -> bool:
    """A tiny evaluator of AND-ed field lookups (lt, lte, gt, gte, exact) on a dict."""
    ops = {
        "lt": lambda a, b: a is not None and a < b,
        "lte": lambda a, b: a is not None and a <= b,
        "gt": lambda a, b: a is not None and a > b,
        "gte": lambda a, b: a is not None and a >= b,
        "exact": lambda a, b: a == b,
    }
    for lookup, value in q.children:
        field, _sep, op = lookup.partition("__")
        if not ops[op or "exact"](row[field], value):
            return False
    return True


def test_round_summary():
    summary = d.round_summary(
        [
            # two organisations agreeing, two steps below the government, the IRM missing
            CommitmentScores(scores=[LIMITED, LIMITED], government=COMPLETE, irm=None),
            # one organisation, same as the government, above the IRM
            CommitmentScores(scores=[SUBSTANTIAL], government=SUBSTANTIAL, irm=LIMITED),
            # two disagreeing (spread 3), no government report
            CommitmentScores(scores=[NOT_STARTED, COMPLETE], government=None, irm=NOT_STARTED),
            # only an off-scale score
            CommitmentScores(scores=[None], government=LIMITED, irm=LIMITED),
        ]
    )
    assert summary.scores == 5
    assert summary.commitments == 3
    assert [(level.key, level.count) for level in summary.distribution] == [
        ("not_started", 1),
        ("limited", 2),
        ("substantial", 1),
        ("complete", 1),
    ]
    assert summary.median_value == "limited"
    assert (summary.agreeing, summary.compared) == (1, 2)
    assert summary.from_government == {"below": 1, "same": 1, "above": 0}
    assert summary.from_irm == {"below": 0, "same": 1, "above": 1}
