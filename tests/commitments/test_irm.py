"""The star: computed by a pure function, checked against the formula and OGP's own columns."""

import csv

import pytest

from commitments.irm import Formula, ReportType, StarInputs, formula_for, is_starred, latest_scored_star

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
        # Design assessed and earning the star, completion not assessed: OGP publishes 0.
        ({"completion": None}, False, False),
        # One deciding indicator rules the star out, whatever else is missing: "no star".
        ({"specificity": "low", "potential_impact": None}, False, False),
        (
            {"specificity": "low", "potential_impact": None, "relevant": None, "completion": None},
            False,
            False,
        ),
        ({"specificity": None, "verifiable": False, "potential_impact": None}, False, False),
        ({"relevant": False, "specificity": None, "verifiable": None}, False, False),
        ({"potential_impact": "minor", "specificity": None, "verifiable": None}, False, False),
        ({"potential_impact": "moderate", "relevant": None}, False, None),
        ({"completion": "limited", "potential_impact": None}, False, False),
        (
            {"completion": "not_started", "relevant": None, "specificity": None, "verifiable": None},
            False,
            False,
        ),
        # Nothing rules it out and a design indicator is missing: the IRM could not say.
        ({"potential_impact": None, "completion": None}, None, None),
        ({"specificity": None, "verifiable": None, "relevant": None, "potential_impact": None}, None, None),
    ],
)
def test_star_formula(change, current, y2015):
    inputs = StarInputs(**{**BASE, **change})
    assert is_starred(inputs, Formula.CURRENT) is current
    assert is_starred(inputs, Formula.Y2015) is y2015


@pytest.mark.parametrize(
    ("report_type", "year", "formula"),
    [
        (ReportType.PROGRESS, 2014, Formula.Y2015),
        (ReportType.END_OF_TERM, 2015, Formula.Y2015),
        (ReportType.PROGRESS, 2016, Formula.CURRENT),
        (ReportType.END_OF_TERM, 2020, Formula.CURRENT),
        (ReportType.PROGRESS, None, Formula.CURRENT),
        (ReportType.ACTION_PLAN_REVIEW, 2022, None),
        (ReportType.RESULTS, 2024, None),
        (ReportType.RESULTS, None, None),
    ],
)
def test_each_era_has_its_formula_and_the_2021_method_none(report_type, year, formula):
    assert formula_for(report_type, year) is formula


@pytest.mark.parametrize(
    ("stars", "star"),
    [
        ([True, False], False),  # starred at mid-term, not at the end of term: not starred
        ([False, True], True),
        ([True, None], True),  # no star published for the end of term: the mid-term's
        ([None, False], False),
        ([None, None], None),
        ([], None),
    ],
)
def test_a_commitments_star_is_its_latest_scored_reports(stars, star):
    assert latest_scored_star(stars) is star


def _published(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


@pytest.mark.django_db
def test_the_formulas_compute_every_star_the_sample_publishes(imported_once, sample_csv):
    """Each star OGP published in the sample is what the formula computes from the indicators:
    the current formula's columns and the 2015 formula's; and each report's own era's formula
    gives the star of its era's column (the 2015 one for reports of 2015 and before)."""
    from commitments.models import IRMAssessment

    compared = 0
    for assessment in IRMAssessment.objects.select_related("commitment"):
        source = assessment.source_values
        column = (
            "Starred (Current Formula) End of Term"
            if assessment.report_type in ("end_of_term", "results")
            else "Starred (Current Formula) Progress Report"
        )
        current = _published(source.get(column, ""))
        if current is not None:
            assert is_starred(assessment.star_inputs, Formula.CURRENT) is current, assessment
            compared += 1
        star_2015 = _published(source.get("Starred (2015 Only)", ""))
        if star_2015 is not None:
            assert assessment.starred_2015 is star_2015, assessment
            compared += 1
        era = star_2015 if assessment.formula is Formula.Y2015 else current
        if era is not None:
            assert assessment.starred_computed is era, assessment
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


@pytest.mark.django_db
@pytest.mark.parametrize("formula", [Formula.CURRENT, Formula.Y2015])
def test_the_database_filters_say_what_the_function_says(imported_once, formula):
    """``starred_q`` holds exactly the True of ``is_starred``, ``not_starred_q`` its False: on the
    sample and on every combination of indicators that decides."""
    import itertools

    from commitments.irm import not_starred_q, starred_q
    from commitments.models import CommitmentPage, IRMAssessment

    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    combinations = itertools.product(
        ["", "none", "low", "medium", "high"],
        [None, True, False],
        [None, True, False],
        ["", "none", "minor", "moderate", "transformative"],
        ["", "limited", "substantial", "complete", "withdrawn"],
    )
    built = [
        IRMAssessment(
            commitment=commitment,
            report_type=f"t{n}",
            specificity=specificity,
            verifiable=verifiable,
            relevant=relevant,
            potential_impact=impact,
            completion=completion,
        )
        for n, (specificity, verifiable, relevant, impact, completion) in enumerate(combinations)
    ]
    IRMAssessment.objects.bulk_create(built)
    everything = list(IRMAssessment.objects.all())
    assert len(everything) > len(built)  # the sample's too
    starred = set(IRMAssessment.objects.filter(starred_q(formula)).values_list("pk", flat=True))
    not_starred = set(IRMAssessment.objects.filter(not_starred_q(formula)).values_list("pk", flat=True))
    assert starred == {a.pk for a in everything if is_starred(a.star_inputs, formula) is True}
    assert not_starred == {a.pk for a in everything if is_starred(a.star_inputs, formula) is False}
    assert starred and not_starred
    assert len(everything) - len(starred) - len(not_starred) > 0  # some cannot say: None
