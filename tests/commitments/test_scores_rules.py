"""The scores' pure rules, without a database: the eras, the government's completion from its
reports, the two-steps-below rule and what changed between versions."""

from __future__ import annotations

import pytest

from commitments.scores import rules


@pytest.mark.parametrize(
    ("start_year", "expected"), [(2012, False), (2020, False), (2021, True), (2024, True), (None, True)]
)
def test_the_2021_method_applies_to_plans_starting_in_2021_or_later(start_year, expected):
    assert rules.uses_2021_method(start_year) is expected


@pytest.mark.parametrize(
    ("status", "percent", "expected"),
    [
        (None, None, None),
        ("scheduled", 0, "not_started"),
        ("scheduled", None, "not_started"),
        ("partiallyMet", 1, "limited"),
        ("partiallyMet", 49, "limited"),
        ("partiallyMet", 50, "substantial"),
        ("partiallyMet", 99, "substantial"),
        ("partiallyMet", 100, "complete"),
        ("met", 80, "complete"),
    ],
)
def test_the_governments_reported_progress_as_a_completion_step(status, percent, expected):
    assert rules.government_completion(status, percent) == expected


def test_a_commitments_reported_completion_is_the_lower_median_of_its_milestones():
    assert rules.government_commitment_completion([]) is None
    assert rules.government_commitment_completion([("met", 100)]) == "complete"
    # not started, limited, substantial, complete: a tie between limited and substantial → limited
    reports = [("scheduled", 0), ("partiallyMet", 30), ("partiallyMet", 60), ("met", 100)]
    assert rules.government_commitment_completion(reports) == "limited"
    assert (
        rules.government_commitment_completion([("met", 100), ("partiallyMet", 60), ("met", 100)])
        == "complete"
    )


@pytest.mark.parametrize(
    ("score", "government", "gap"),
    [
        ("not_started", "complete", 3),
        ("limited", "complete", 2),
        ("substantial", "complete", 1),
        ("complete", "limited", -2),
        ("limited", "limited", 0),
        ("", "complete", None),
        ("limited", None, None),
        ("withdrawn", "complete", None),
    ],
)
def test_the_gap_between_a_score_and_the_government(score, government, gap):
    assert rules.completion_gap(score, government) == gap


@pytest.mark.parametrize(
    ("verdicts", "score", "government", "expected"),
    [
        (["contest"], "complete", "complete", True),  # contesting is enough
        (["confirm", "cannot_verify"], "complete", "complete", False),
        ([], "limited", "complete", True),  # exactly two steps below
        ([], "not_started", "substantial", True),
        ([], "substantial", "complete", False),  # one step below
        ([], "complete", "not_started", False),  # above the government
        ([], "limited", None, False),  # no report to compare with
        ([], "", "complete", False),  # no completion given
    ],
)
def test_right_of_reply(verdicts, score, government, expected):
    assert (
        rules.gives_right_of_reply(verdicts=verdicts, score_completion=score, government=government)
        is expected
    )


def test_what_changed_lists_only_the_fields_that_differ():
    first = {"completion": "limited", "completion_justification": "Two datasets", "evidence_url": ""}
    second = {
        "completion": "substantial",
        "completion_justification": "Two datasets",
        "evidence_url": "https://e.org",
    }
    assert rules.what_changed(None, first) == []
    assert rules.what_changed(first, second) == [
        rules.Change("completion", "limited", "substantial"),
        rules.Change("evidence_url", "", "https://e.org"),
    ]
    assert rules.what_changed(second, dict(second)) == []


def test_completion_on_a_score_is_the_irms_four_steps_in_order():
    assert [value for value, _label in rules.COMPLETION_CHOICES] == list(rules.COMPLETION_STEPS)
    assert rules.COMPLETION_STEPS == ("not_started", "limited", "substantial", "complete")
