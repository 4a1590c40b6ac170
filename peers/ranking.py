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


def results_key(*, linked: int, with_results: int) -> tuple:
    """The rule's first three keys (ascending sorts put the best results first)."""
    return (-results_score(linked=linked, with_results=with_results), -with_results, -linked)


def sort_key(outcomes: Outcomes) -> tuple:
    """Sort ascending by this key for "best results first"."""
    published = outcomes.published.timestamp() if outcomes.published else float("-inf")
    return (
        *results_key(linked=outcomes.linked, with_results=outcomes.with_results),
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


def outcome_counts() -> dict[int, tuple[int, int]]:
    """Every practice's (linked, with results), from one narrow grouped query on the links and
    their commitments' facts (``results_q``); kept in the cache until a practice or any
    commitment's facts change."""
    from django.core.cache import cache

    from .models import PracticeCommitment
    from .versions import data_version

    key = f"peers:outcomes:{data_version()}"
    counts = cache.get(key)
    if counts is None:
        counts = {
            practice: (linked, with_results)
            for practice, linked, with_results in PracticeCommitment.objects.filter(commitment__live=True)
            .values("practice_id")
            .annotate(linked=Count("pk"), with_results=Count("pk", filter=results_q("commitment__facts__")))
            .values_list("practice_id", "linked", "with_results")
            .order_by()
        }
        cache.set(key, counts, 60 * 60 * 24)
    return counts


def ranked_ids(practices: QuerySet) -> list[int]:
    """The practices' ids, best results first, for long lists (the library): the ids come
    newest first from the database, and a stable sort on ``results_key`` (from
    ``outcome_counts``) keeps that order among equals. The same order as ``by_results``, without
    a subquery per row."""
    counts = outcome_counts()
    newest_first = practices.order_by(F("first_published_at").desc(nulls_last=True), "-pk").values_list(
        "pk", flat=True
    )
    nothing = (0, 0)

    def key(pk: int) -> tuple:
        linked, with_results = counts.get(pk, nothing)
        return results_key(linked=linked, with_results=with_results)

    return sorted(newest_first, key=key)
