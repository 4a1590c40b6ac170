"""The Independent Reporting Mechanism's indicators, and the star, as plain rules.

The IRM changed its method in 2021: action plans before it were scored for *specificity*
and *potential impact* (progress and end-of-term reports); later ones are *verifiable* or not
and have a *potential for results* (action plan review, results report). Both eras live side
by side here. Nothing in this module touches the database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportType(models.TextChoices):
    PROGRESS = "progress", _("Progress report (mid-term)")
    END_OF_TERM = "end_of_term", _("End-of-term report")
    ACTION_PLAN_REVIEW = "action_plan_review", _("Action plan review")
    RESULTS = "results", _("Results report")


class Specificity(models.TextChoices):
    NONE = "none", pgettext_lazy("specificity", "None")
    LOW = "low", pgettext_lazy("specificity", "Low")
    MEDIUM = "medium", pgettext_lazy("specificity", "Medium")
    HIGH = "high", pgettext_lazy("specificity", "High")


class PotentialImpact(models.TextChoices):
    NONE = "none", pgettext_lazy("potential impact", "None")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", pgettext_lazy("potential impact", "Moderate")
    TRANSFORMATIVE = "transformative", _("Transformative")


class PotentialForResults(models.TextChoices):
    UNCLEAR = "unclear", pgettext_lazy("potential for results", "Unclear")
    MODEST = "modest", _("Modest")
    SUBSTANTIAL = "substantial", pgettext_lazy("potential for results", "Substantial")


class Completion(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", pgettext_lazy("completion", "Substantial")
    COMPLETE = "complete", _("Complete")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UNCLEAR = "unclear", pgettext_lazy("completion", "Unclear")
    NO_EVIDENCE = "no_evidence", _("No evidence available")


class OpenGovernment(models.TextChoices):
    """ "Did it open government?" (end-of-term reports, before 2021)."""

    WORSENED = "worsened", _("Worsened")
    DID_NOT_CHANGE = "did_not_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class EarlyResults(models.TextChoices):
    """Early results (results reports, 2021 onwards)."""

    NOT_YET = "not_yet", _("No early results to report yet")
    NO_NOTABLE = "no_notable", _("No notable results")
    MODERATE = "moderate", pgettext_lazy("early results", "Moderate results")
    SIGNIFICANT = "significant", _("Significant results")
    OUTSTANDING = "outstanding", pgettext_lazy("early results", "Outstanding results")


# Codes in OGP's export that mean "no value": not done, not relevant, not applicable.
NO_VALUE_CODES = frozenset({"", "ND", "NR", "NA", "N/A", "NOT APPLICABLE"})


class Formula(enum.Enum):
    """Which definition of a starred commitment to apply."""

    CURRENT = "current"
    """Reports after 2015: specific (or verifiable), relevant, transformative, substantial or
    complete. OGP's export applies it to every report ("Starred (Current Formula) …")."""

    Y2015 = "2015"
    """Reports assessed in 2015 and before: moderate impact was enough ("Starred (2015 Only)")."""


# The last year whose reports the IRM starred under the 2015 formula (moderate impact sufficed).
LAST_2015_FORMULA_YEAR = 2015


class StarSource(models.TextChoices):
    """Where a report's star comes from."""

    PUBLISHED = "published", _("Published by OGP")
    NOT_PUBLISHED = "not_published", _("OGP published no star")
    COMPUTED = "computed", _("Computed by the tracker")


def formula_for(report_type: str, publication_year: int | None) -> Formula | None:
    """The IRM's star formula for a report of this kind and year; None: its method gives no star.

    Reports published in 2015 and before: the 2015 formula; later ones: the current formula;
    the 2021 method (action plan review, results report) gives no star. A report with no year
    is taken as recent: the current formula.
    """
    if report_type in (ReportType.ACTION_PLAN_REVIEW, ReportType.RESULTS):
        return None
    if publication_year is not None and publication_year <= LAST_2015_FORMULA_YEAR:
        return Formula.Y2015
    return Formula.CURRENT


def star_source(column_in_file: bool, published: bool | None) -> StarSource:
    """Where an imported report's star comes from. OGP's file holds the star of each report
    under the current formula (the one its "Max star" follows): kept where published (0 or 1);
    none where OGP published ND or another no-value code; computed only where the file has no
    such column."""
    if not column_in_file:
        return StarSource.COMPUTED
    return StarSource.NOT_PUBLISHED if published is None else StarSource.PUBLISHED


@dataclass(frozen=True)
class StarInputs:
    specificity: str | None = None
    verifiable: bool | None = None
    relevant: bool | None = None
    potential_impact: str | None = None
    completion: str | None = None


_SPECIFIC = {Specificity.MEDIUM, Specificity.HIGH}
_DONE = {Completion.SUBSTANTIAL, Completion.COMPLETE}
_AMBITIOUS = {
    Formula.CURRENT: {PotentialImpact.TRANSFORMATIVE},
    Formula.Y2015: {PotentialImpact.MODERATE, PotentialImpact.TRANSFORMATIVE},
}


def _measurable(inputs: StarInputs) -> bool | None:
    if inputs.specificity is not None:
        return inputs.specificity in _SPECIFIC
    return inputs.verifiable


def is_starred(inputs: StarInputs, formula: Formula = Formula.CURRENT) -> bool | None:
    """Whether a report earns the IRM's star: True, False ("no star"), or None (cannot say).

    Starred means: measurable (medium or high specificity; where specificity was not assessed,
    verifiable), relevant to at least one OGP value, of transformative potential impact
    (moderate or transformative under the 2015 formula), and substantially or fully complete.

    False as soon as one indicator rules the star out, whatever else is missing: low
    specificity with no potential impact is no star. None only when nothing rules it out and a
    design indicator is missing (the 2021 method has no potential impact). A report whose design
    was assessed and earns the star but whose completion was not assessed is not starred: OGP
    publishes 0 for those (e.g. "Starred (2015 Only)" with completion ND).
    """
    design = (
        _measurable(inputs),
        inputs.relevant,
        None if inputs.potential_impact is None else inputs.potential_impact in _AMBITIOUS[formula],
    )
    if False in design or (inputs.completion is not None and inputs.completion not in _DONE):
        return False
    if None in design:
        return None
    return inputs.completion is not None


def report_star(
    *,
    star_source: str,
    starred_reported: bool | None,
    report_type: str,
    publication_year: int | None,
    inputs: StarInputs,
) -> bool | None:
    """One report's star: OGP's where OGP published one, none where OGP published no star, else
    computed from the indicators with the formula of the report's era (``IRMAssessment.starred``,
    and the exports, which read assessments as values rather than model instances)."""
    if star_source == StarSource.PUBLISHED:
        return starred_reported
    if star_source == StarSource.NOT_PUBLISHED:
        return None
    formula = formula_for(report_type, publication_year)
    return None if formula is None else is_starred(inputs, formula)


def _design_qs(formula: Formula, p: str) -> tuple[Q, Q, Q, Q, Q, Q]:
    """(measurable, relevant, ambitious) as filters: each's "yes", then each's "no"."""
    specific = [s.value for s in _SPECIFIC]
    measurable = Q(**{f"{p}specificity__in": specific}) | Q(**{f"{p}specificity": "", f"{p}verifiable": True})
    not_measurable = (~Q(**{f"{p}specificity": ""}) & ~Q(**{f"{p}specificity__in": specific})) | Q(
        **{f"{p}specificity": "", f"{p}verifiable": False}
    )
    ambitious_values = [i.value for i in _AMBITIOUS[formula]]
    ambitious = Q(**{f"{p}potential_impact__in": ambitious_values})
    not_ambitious = ~Q(**{f"{p}potential_impact": ""}) & ~Q(**{f"{p}potential_impact__in": ambitious_values})
    return (
        measurable,
        Q(**{f"{p}relevant": True}),
        ambitious,
        not_measurable,
        Q(**{f"{p}relevant": False}),
        not_ambitious,
    )


def starred_q(formula: Formula = Formula.CURRENT, prefix: str = "") -> Q:
    """Where ``is_starred`` says True, as a database filter on IRMAssessment's indicators
    (``prefix`` for related lookups). A test holds the two together."""
    p = prefix
    measurable, relevant, ambitious, *_no = _design_qs(formula, p)
    return measurable & relevant & ambitious & Q(**{f"{p}completion__in": [c.value for c in _DONE]})


def not_starred_q(formula: Formula = Formula.CURRENT, prefix: str = "") -> Q:
    """Where ``is_starred`` says False ("no star"), as a database filter; see ``starred_q``."""
    p = prefix
    measurable, relevant, ambitious, not_measurable, not_relevant, not_ambitious = _design_qs(formula, p)
    done = [c.value for c in _DONE]
    not_done = ~Q(**{f"{p}completion": ""}) & ~Q(**{f"{p}completion__in": done})
    unassessed_completion = measurable & relevant & ambitious & Q(**{f"{p}completion": ""})
    return not_measurable | not_relevant | not_ambitious | not_done | unassessed_completion


def latest_scored_star(stars: Iterable[bool | None]) -> bool | None:
    """A commitment's star: the star of its latest scored report, as OGP's "Max star" column.

    ``stars`` are its reports' stars, oldest report first. Starred at mid-term and not at the end
    of term is not starred; a report with no star (None) is skipped.
    """
    star = None
    for report_star in stars:
        if report_star is not None:
            star = report_star
    return star


# Earlier reports first: the first report of a plan (progress report, action plan review), then
# the second (end of term, results report); by year within each.
REPORT_STAGE = {
    ReportType.PROGRESS: 0,
    ReportType.ACTION_PLAN_REVIEW: 0,
    ReportType.END_OF_TERM: 1,
    ReportType.RESULTS: 1,
}


def report_order(report_type: str, publication_year: int | None) -> tuple[int, int]:
    """A sort key putting a commitment's reports in the order the IRM published them."""
    return REPORT_STAGE.get(report_type, 0), publication_year or 0
