""" "Sort by results": the rule, once as plain Python and once as a database annotation.

A linked commitment *has results* when the IRM starred it or found it substantially or fully
complete (its ``CommitmentFacts``). A practice's score is the share of its linked (published)
commitments that have results; practices with the same score come by the number of linked
commitments with results, then by the number linked, then the most recently published first.
A practice linked to no commitment scores 0. tests/peers/test_ranking.py holds the two together.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

RESULT_COMPLETIONS = ("substantial", "complete")

RULE = _(
    "Sorted by results: a practice's score is the share of the commitments that applied it which "
    "the IRM starred or found substantially or fully complete. Equal scores are ordered by the "
    "number of such commitments, then by the number of commitments linked, then the most "
    "recently published first. Practices linked to no commitment come last."
)


# -- the rule in Python -------------------------------------------------------------------------


def has_results(*, starred: bool | None, completion: str) -> bool:
    return bool(starred) or completion in RESULT_COMPLETIONS


def results_score(*, linked: int, with_results: int) -> float:
    return with_results / linked if linked else 0.0


@dataclass(frozen=True)
class Outcomes:
    """What the rule needs to know of one practice."""

    pk: int
    linked: int
    with_results: int
    published: datetime.datetime | None


def sort_key(outcomes: Outcomes) -> tuple:
    """Sort ascending by this key for "best results first"."""
    published = outcomes.published.timestamp() if outcomes.published else float("-inf")
    return (
        -results_score(linked=outcomes.linked, with_results=outcomes.with_results),
        -outcomes.with_results,
        -outcomes.linked,
        -published,
        -outcomes.pk,
    )


# -- the rule in the database -------------------------------------------------------------------


def results_q(prefix: str = "") -> Q:
    """Commitment facts that count as results (``prefix`` e.g. "commitment__facts__")."""
    return Q(**{f"{prefix}starred": True}) | Q(**{f"{prefix}completion__in": RESULT_COMPLETIONS})


def with_outcomes(practices: QuerySet) -> QuerySet:
    """Annotate ``linked``, ``with_results`` and ``results_score`` (subqueries: safe to combine
    with any filter on the practices)."""
    from .models import PracticeCommitment

    links = PracticeCommitment.objects.filter(practice=OuterRef("pk"), commitment__live=True).order_by()

    def count(queryset) -> Subquery:
        return Subquery(
            queryset.values("practice").annotate(n=Count("pk")).values("n"), output_field=IntegerField()
        )

    practices = practices.annotate(
        linked=Coalesce(count(links), Value(0)),
        with_results=Coalesce(count(links.filter(results_q("commitment__facts__"))), Value(0)),
    )
    return practices.annotate(
        results_score=Case(
            When(linked=0, then=Value(0.0)),
            default=Cast(F("with_results"), FloatField()) / Cast(F("linked"), FloatField()),
            output_field=FloatField(),
        )
    )


def by_results(practices: QuerySet) -> QuerySet:
    """Best results first, as ``sort_key`` orders them."""
    return with_outcomes(practices).order_by(
        F("results_score").desc(),
        F("with_results").desc(),
        F("linked").desc(),
        F("first_published_at").desc(nulls_last=True),
        F("pk").desc(),
    )
