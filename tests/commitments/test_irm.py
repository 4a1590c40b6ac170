"""The star: computed by a pure function, checked against the formula and OGP's own columns."""

import csv

import pytest

from commitments.irm import Formula, StarInputs, is_starred

BASE = {
    "specificity": "high",
    "verifiable": True,
    "relevant": True,
    "potential_impact": "transformative",
    "completion": "substantial",
}


@pytest.mark.parametrize(
    ("change", "current", "y2015"),
    [
        ({}, True, True),
        ({"completion": "complete"}, True, True),
        ({"specificity": "medium"}, True, True),
        ({"specificity": "low"}, False, False),
        ({"specificity": "none"}, False, False),
        # Specificity not assessed (2017 onwards): verifiable decides.
        ({"specificity": None, "verifiable": True}, True, True),
        ({"specificity": None, "verifiable": False}, False, False),
        ({"specificity": None, "verifiable": None}, None, None),
        ({"relevant": False}, False, False),
        ({"relevant": None}, None, None),
        ({"potential_impact": "moderate"}, False, True),
        ({"potential_impact": "minor"}, False, False),
        ({"potential_impact": None}, None, None),  # the 2021 method has no impact: no star
        ({"completion": "limited"}, False, False),
        ({"completion": "not_started"}, False, False),
        ({"completion": "withdrawn"}, False, False),
        ({"completion": None}, False, False),
    ],
)
def test_star_formula(change, current, y2015):
    inputs = StarInputs(**{**BASE, **change})
    assert is_starred(inputs, Formula.CURRENT) is current
    assert is_starred(inputs, Formula.Y2015) is y2015


@pytest.mark.django_db
def test_computed_star_matches_the_samples_own_star_columns(imported_once, sample_csv):
    """Every star OGP published in the sample is what our formula computes from the indicators."""
    from commitments.models import IRMAssessment

    assessments = list(IRMAssessment.objects.select_related("commitment"))
    compared = 0
    for assessment in assessments:
        if assessment.starred_reported is not None:
            assert assessment.starred == assessment.starred_reported, assessment
            compared += 1
        star_2015 = assessment.source_values.get("Starred (2015 Only)", "")
        if star_2015 in ("0", "1"):
            assert assessment.starred_2015 == (star_2015 == "1"), assessment
            compared += 1
    with open(sample_csv, encoding="utf-8") as handle:
        published = sum(
            row[column] in ("0", "1")
            for row in csv.DictReader(handle)
            for column in (
                "Starred (Current Formula) Progress Report",
                "Starred (Current Formula) End of Term",
                "Starred (2015 Only)",
            )
        )
    assert compared == published
    assert sum(1 for a in assessments if a.starred) >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("formula", [Formula.CURRENT, Formula.Y2015])
def test_the_database_filter_says_what_the_function_says(imported_once, formula):
    from commitments.irm import starred_q
    from commitments.models import IRMAssessment

    in_database = set(IRMAssessment.objects.filter(starred_q(formula)).values_list("pk", flat=True))
    in_python = {a.pk for a in IRMAssessment.objects.all() if is_starred(a.star_inputs, formula)}
    assert in_database == in_python
    assert len(in_python) >= 5
