"""The Independent Reporting Mechanism's indicators, and the star, as plain rules.

The IRM changed its method in 2021: action plans before it were scored for *specificity*
and *potential impact* (progress and end-of-term reports); later ones are *verifiable* or not
and have a *potential for results* (action plan review, results report). Both eras live side
by side here. Nothing in this module touches the database.
"""

from __future__ import annotations

import enum
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
    """Since 2015: specific (or verifiable), relevant, transformative, substantial or complete."""

    Y2015 = "2015"
    """Action plans assessed in 2015 and before: moderate impact was enough."""


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


def is_starred(inputs: StarInputs, formula: Formula = Formula.CURRENT) -> bool | None:
    """Whether a commitment earns the IRM's star, or None when the IRM could not say.

    Starred means: measurable (medium or high specificity; where specificity was not assessed,
    verifiable), relevant to at least one OGP value, of transformative potential impact
    (moderate or transformative under the 2015 formula), and substantially or fully complete.
    Commitments assessed under the 2021 method have no potential impact, so no star: None.
    A commitment whose design was assessed but whose completion was not is not starred.
    """
    if inputs.potential_impact is None or inputs.relevant is None:
        return None
    if inputs.specificity is not None:
        measurable = inputs.specificity in _SPECIFIC
    elif inputs.verifiable is not None:
        measurable = inputs.verifiable
    else:
        return None
    return bool(
        measurable
        and inputs.relevant
        and inputs.potential_impact in _AMBITIOUS[formula]
        and inputs.completion in _DONE
    )


def starred_q(formula: Formula = Formula.CURRENT, prefix: str = "") -> Q:
    """The star as a database filter on IRMAssessment (``prefix`` for related lookups).

    It must say exactly what ``is_starred`` says; a test holds the two together.
    """
    p = prefix
    measurable = Q(**{f"{p}specificity__in": [s.value for s in _SPECIFIC]}) | Q(
        **{f"{p}specificity": "", f"{p}verifiable": True}
    )
    return (
        measurable
        & Q(**{f"{p}relevant": True})
        & Q(**{f"{p}potential_impact__in": [i.value for i in _AMBITIOUS[formula]]})
        & Q(**{f"{p}completion__in": [c.value for c in _DONE]})
    )
