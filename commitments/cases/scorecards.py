"""Responsiveness scorecards ("ratings, not blacklists", as DoZorro puts it): how an implementing
organisation, or a member's government, answers the cases addressed to it.

``scorecard(...)`` is the pure arithmetic on counts (tested without a database);
``scorecard_for(...)`` and ``scorecards_by_organisation(...)`` read the counts with one
aggregate query each (plus one for the median), however many cases there are: the
straightforward computation.

Pages do not aggregate: organisations', members' and action plans' scorecards are kept in
``StoredScorecard`` rows (``scorecards_refresh``, called by the services after every write to a
case, by the minutely job ``refresh_case_scorecards`` for rows whose next deadline has passed,
and when a commitment moves to another plan), so that a page reads one row (a member's or plan's
page: its row and its rows per organisation, one query).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, F, Min, Q, QuerySet, When
from django.db.models import Case as When_
from django.utils import timezone

from tracker.models import Organisation

from ..explorer.facts import facts_version
from ..models import ActionPlanPage, CommitmentPage, MemberPage
from .models import Case, Outcome, StoredScorecard


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


# -- cached for pages (plans) ------------------------------------------------------------------------
# A plan's scorecard reads every case of its commitments, so its page keeps it in the cache,
# keyed by a version that every write to a case changes (``new_cases_version``, from the
# services), by the explorer's facts version (the record changed) and by the hour, since on-time
# shares move as deadlines pass: a deadline that passes shows within the hour.

VERSION_KEY = "cases:version"


def new_cases_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def cases_version() -> str:
    return cache.get(VERSION_KEY) or new_cases_version()


def _cached(scope: str, compute, now: datetime.datetime | None):
    now = now or timezone.now()
    # The record's facts version too: a plan's cases follow its commitments.
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


# -- stored: organisations and members --------------------------------------------------------------

COUNT_FIELDS = (
    "cases",
    "ack_met",
    "ack_late",
    "ack_missed",
    "answer_met",
    "answer_late",
    "answer_missed",
    "answered",
    "ratings",
    "average_rating",
    *(f"outcome_{code}" for code in Outcome.values),
)


def next_deadline_query(now: datetime.datetime) -> dict:
    """The earliest deadline still to come among the cases (one not acknowledged, or not
    answered, whose deadline is after ``now``): when the stored counts go stale."""
    return {
        "next_ack": Min(
            When_(When(acknowledged_at__isnull=True, acknowledge_due__gt=now, then="acknowledge_due"))
        ),
        "next_answer": Min(When_(When(answered_at__isnull=True, answer_due__gt=now, then="answer_due"))),
    }


def _earliest(*moments):
    present = [moment for moment in moments if moment is not None]
    return min(present) if present else None


def _stored(scope: str, subject_id: int, counts: dict, median_days, now, organisation_id=None):
    return StoredScorecard(
        scope=scope,
        subject_id=subject_id,
        organisation_id=organisation_id,
        median_days_to_answer=median_days,
        computed_at=now,
        next_deadline=_earliest(counts.get("next_ack"), counts.get("next_answer")),
        **{name: counts[name] for name in COUNT_FIELDS},
    )


SUBJECTS = {
    StoredScorecard.Scope.ORGANISATION: Organisation,
    StoredScorecard.Scope.MEMBER: MemberPage,
    StoredScorecard.Scope.PLAN: ActionPlanPage,
}


def _lock(scope: str, subject_id: int) -> None:
    """Two refreshes of one scope at once (PostgreSQL) take turns: the subject's row is locked."""
    model = SUBJECTS[scope]
    list(model.objects.select_for_update(of=("self",)).filter(pk=subject_id).values_list("pk"))


def plan_cases(plan_path: str) -> QuerySet:
    return Case.objects.filter(commitment__path__startswith=plan_path)


def _scope_cases(scope: str, subject_id: int) -> QuerySet:
    if scope == StoredScorecard.Scope.ORGANISATION:
        return Case.objects.filter(addressed_to_id=subject_id)
    if scope == StoredScorecard.Scope.MEMBER:
        return Case.objects.filter(member_id=subject_id)
    path = ActionPlanPage.objects.filter(pk=subject_id).values_list("path", flat=True).first()
    return plan_cases(path) if path else Case.objects.none()


def _refresh_scope(scope: str, subject_id: int, now: datetime.datetime) -> None:
    cases = _scope_cases(scope, subject_id)
    counts = cases.order_by().aggregate(**counts_query(now), **next_deadline_query(now))
    rows = [_stored(scope, subject_id, counts, median(_middle_values(cases, counts["answered"])), now)]
    if scope != StoredScorecard.Scope.ORGANISATION:
        by_organisation = (
            cases.filter(addressed_to__isnull=False)
            .order_by()
            .values("addressed_to")
            .annotate(**counts_query(now))
        )
        rows += [
            _stored(scope, subject_id, row, None, now, organisation_id=row["addressed_to"])
            for row in by_organisation
        ]
    _lock(scope, subject_id)
    StoredScorecard.objects.filter(scope=scope, subject_id=subject_id).delete()
    StoredScorecard.objects.bulk_create(rows)


@transaction.atomic
def scorecards_refresh(
    *, organisation_ids=(), member_ids=(), plan_ids=(), now: datetime.datetime | None = None
) -> None:
    """Compute and store the scorecards of these organisations, members and plans (the
    straightforward computation, ``scorecard_for``, as of ``now``)."""
    now = now or timezone.now()
    for scope, ids in (
        (StoredScorecard.Scope.ORGANISATION, organisation_ids),
        (StoredScorecard.Scope.MEMBER, member_ids),
        (StoredScorecard.Scope.PLAN, plan_ids),
    ):
        for pk in sorted({pk for pk in ids if pk}):
            _refresh_scope(scope, pk, now)


def plans_of(commitment_ids) -> list[int]:
    """The action plans (parent pages) of these commitments: one query."""
    paths = CommitmentPage.objects.filter(pk__in=list(commitment_ids)).values_list("path", flat=True)
    steplen = CommitmentPage.steplen
    return list(
        ActionPlanPage.objects.filter(path__in=[path[:-steplen] for path in paths]).values_list(
            "pk", flat=True
        )
    )


def scorecards_refresh_for(case: Case, *, now: datetime.datetime | None = None) -> None:
    """After a write to ``case``: its organisation's, its member's and its plan's scorecards."""
    scorecards_refresh(
        organisation_ids=[case.addressed_to_id],
        member_ids=[case.member_id],
        plan_ids=plans_of([case.commitment_id]),
        now=now,
    )


def scorecards_refresh_due(*, now: datetime.datetime | None = None) -> int:
    """Refresh the stored scorecards a deadline has passed on since they were computed (the
    minutely job). Returns how many scopes were refreshed."""
    now = now or timezone.now()
    due = list(
        StoredScorecard.objects.filter(organisation__isnull=True, next_deadline__lte=now).values_list(
            "scope", "subject_id"
        )
    )
    scorecards_refresh(
        organisation_ids=[pk for scope, pk in due if scope == StoredScorecard.Scope.ORGANISATION],
        member_ids=[pk for scope, pk in due if scope == StoredScorecard.Scope.MEMBER],
        plan_ids=[pk for scope, pk in due if scope == StoredScorecard.Scope.PLAN],
        now=now,
    )
    return len(due)


def scorecards_refresh_all(*, now: datetime.datetime | None = None) -> None:
    """Every organisation's, member's and plan's scorecard (after a bulk load, or to repair)."""
    ids = list(
        Case.objects.order_by().values_list("addressed_to_id", "member_id", "commitment_id").distinct()
    )
    scorecards_refresh(
        organisation_ids={org for org, _member, _c in ids},
        member_ids={member for _org, member, _c in ids},
        plan_ids=plans_of({commitment for _org, _member, commitment in ids}),
        now=now,
    )


def from_row(row: StoredScorecard) -> Scorecard:
    counts = {name: getattr(row, name) for name in COUNT_FIELDS}
    card = scorecard(counts, [])
    return Scorecard(**{**card.__dict__, "median_days_to_answer": row.median_days_to_answer})


def _rows(scope: str, subject_id: int) -> list[StoredScorecard]:
    return list(
        StoredScorecard.objects.filter(scope=scope, subject_id=subject_id).select_related("organisation")
    )


def _stored_rows(scope: str, subject_id: int) -> list[StoredScorecard]:
    """The scope's stored rows, computed first when there are none yet (a scope never written
    since the table came)."""
    rows = _rows(scope, subject_id)
    if not any(row.organisation_id is None for row in rows):
        scorecards_refresh(**{f"{scope}_ids": [subject_id]})
        rows = _rows(scope, subject_id)
    return rows


def organisation_scorecard(organisation) -> Scorecard:
    """The organisation's stored scorecard: one query."""
    rows = _stored_rows(StoredScorecard.Scope.ORGANISATION, organisation.pk)
    return from_row(next(row for row in rows if row.organisation_id is None))


def member_scorecards(member) -> tuple[Scorecard, list[tuple]]:
    """(the member's scorecard, (organisation id, name, scorecard) per organisation addressed, by
    name), as ``page_scorecards`` gives them: one query."""
    return _with_rows(StoredScorecard.Scope.MEMBER, member.pk)


def plan_scorecards(plan) -> tuple[Scorecard, list[tuple]]:
    """The same for an action plan (the cases of its commitments): one query."""
    return _with_rows(StoredScorecard.Scope.PLAN, plan.pk)


def _with_rows(scope: str, subject_id: int) -> tuple[Scorecard, list[tuple]]:
    rows = _stored_rows(scope, subject_id)
    whole = next(row for row in rows if row.organisation_id is None)
    parts = sorted(
        (row for row in rows if row.organisation_id is not None),
        key=lambda row: (row.organisation.name, row.organisation_id),
    )
    return from_row(whole), [(row.organisation_id, row.organisation.name, from_row(row)) for row in parts]
