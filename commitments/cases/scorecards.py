"""Responsiveness scorecards ("ratings, not blacklists", as DoZorro puts it): how an implementing
organisation, or a member's government, answers the cases addressed to it.

``scorecard(...)`` is the pure arithmetic on counts (tested without a database);
``scorecard_for(...)`` and ``scorecards_by_organisation(...)`` read the counts with one
aggregate query each (plus one for the median), however many cases there are.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from ..explorer.facts import facts_version
from .models import Case, Outcome


@dataclass(frozen=True)
class Scorecard:
    cases: int
    acknowledged_on_time: float | None  # share of the cases whose deadline is due or met
    answered_on_time: float | None
    median_days_to_answer: float | None  # working days, among answered cases
    average_rating: float | None
    ratings: int
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def outcome_rows(self) -> list[tuple[str, int]]:
        labels = dict(Outcome.choices)
        return [(str(labels[code]), self.outcomes.get(code, 0)) for code in Outcome.values]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def median(sorted_values: list[int]) -> float | None:
    if not sorted_values:
        return None
    middle, odd = divmod(len(sorted_values), 2)
    if odd:
        return float(sorted_values[middle])
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


def scorecard(counts: dict, middle_values: list[int]) -> Scorecard:
    """A scorecard from the aggregate counts (see ``COUNTS``) and the one or two middle values
    of the sorted working days to answer (their mean is the median).

    On time counts only cases whose deadline has come: one acknowledged (or answered) by its
    deadline is on time; one not yet acknowledged with its deadline passed is late; one still
    within its deadline does not count either way.
    """
    ack_due = counts["ack_met"] + counts["ack_late"] + counts["ack_missed"]
    answer_due = counts["answer_met"] + counts["answer_late"] + counts["answer_missed"]
    return Scorecard(
        cases=counts["cases"],
        acknowledged_on_time=share(counts["ack_met"], ack_due),
        answered_on_time=share(counts["answer_met"], answer_due),
        median_days_to_answer=median(middle_values) if middle_values else None,
        average_rating=counts["average_rating"],
        ratings=counts["ratings"],
        outcomes={code: counts[f"outcome_{code}"] for code in Outcome.values},
    )


def counts_query(now: datetime.datetime) -> dict:
    """The aggregates ``scorecard`` needs, as one ``aggregate()`` (or ``annotate()``)."""
    return {
        "cases": Count("pk"),
        "ack_met": Count("pk", filter=Q(acknowledged_at__lte=F("acknowledge_due"))),
        "ack_late": Count("pk", filter=Q(acknowledged_at__gt=F("acknowledge_due"))),
        "ack_missed": Count("pk", filter=Q(acknowledged_at__isnull=True, acknowledge_due__lte=now)),
        "answer_met": Count("pk", filter=Q(answered_at__lte=F("answer_due"))),
        "answer_late": Count("pk", filter=Q(answered_at__gt=F("answer_due"))),
        "answer_missed": Count("pk", filter=Q(answered_at__isnull=True, answer_due__lte=now)),
        "answered": Count("pk", filter=Q(days_to_answer__isnull=False)),
        "ratings": Count("rating"),
        "average_rating": Avg("rating"),
        **{f"outcome_{code}": Count("pk", filter=Q(outcome=code)) for code in Outcome.values},
    }


def _middle_values(cases: QuerySet, answered: int) -> list[int]:
    """The middle one or two of the sorted working days to answer: one query (an index range)."""
    if not answered:
        return []
    start = (answered - 1) // 2
    stop = answered // 2 + 1
    return list(
        cases.filter(days_to_answer__isnull=False)
        .order_by("days_to_answer")
        .values_list("days_to_answer", flat=True)[start:stop]
    )


def scorecard_for(cases: QuerySet, *, now: datetime.datetime | None = None) -> Scorecard:
    """The scorecard of these cases (say, ``Case.objects.filter(addressed_to=org)``): two
    queries."""
    counts = cases.order_by().aggregate(**counts_query(now or timezone.now()))
    return scorecard(counts, _middle_values(cases, counts["answered"]))


def organisation_cases(organisation) -> QuerySet:
    return Case.objects.filter(addressed_to=organisation)


def member_cases(member) -> QuerySet:
    return Case.objects.filter(member=member)


def scorecards_by_organisation(cases: QuerySet, *, now: datetime.datetime | None = None) -> list[tuple]:
    """(organisation id, organisation name, scorecard without the median) for each organisation
    the cases are addressed to, by name: one query."""
    rows = (
        cases.filter(addressed_to__isnull=False)
        .order_by()
        .values("addressed_to", "addressed_to__name")
        .annotate(**counts_query(now or timezone.now()))
        .order_by("addressed_to__name", "addressed_to")
    )
    return [(row["addressed_to"], row["addressed_to__name"], scorecard(row, [])) for row in rows]


# -- cached for pages ------------------------------------------------------------------------------
# A scorecard reads every case of its organisation or member, so pages keep it in the cache,
# keyed by a version that every write to a case changes (``new_cases_version``, from the
# services), by the explorer's facts version (the record changed) and by the hour, since on-time shares move as deadlines pass: a deadline that
# passes shows within the hour.

VERSION_KEY = "cases:version"


def new_cases_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def cases_version() -> str:
    return cache.get(VERSION_KEY) or new_cases_version()


def _cached(scope: str, compute, now: datetime.datetime | None):
    now = now or timezone.now()
    # The record's facts version too: a plan's or member's cases follow its commitments.
    key = f"cases:scorecard:{scope}:{cases_version()}:{facts_version()}:{now:%Y%m%d%H}"
    value = cache.get(key)
    if value is None:
        value = compute(now)
        cache.set(key, value, 3600)
    return value


def page_scorecards(scope: str, cases: QuerySet, *, now: datetime.datetime | None = None) -> tuple:
    """(scorecard, rows by organisation) of ``cases`` for a page, from the cache when fresh."""
    return _cached(
        scope, lambda at: (scorecard_for(cases, now=at), scorecards_by_organisation(cases, now=at)), now
    )


def organisation_scorecard(organisation, *, now: datetime.datetime | None = None) -> Scorecard:
    return _cached(
        f"organisation-{organisation.pk}",
        lambda at: scorecard_for(organisation_cases(organisation), now=at),
        now,
    )
