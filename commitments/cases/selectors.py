"""Reads of feedback cases: the list's rows, one case with its events, a commitment's cases for
its page and PDF. Each a fixed number of queries, however many cases and events there are."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from . import deadlines
from .models import Case, CaseEvent
from .rules import case_overdue, pending_deadline


def zone() -> str:
    return getattr(settings, "CASE_TIME_ZONE", settings.TIME_ZONE)


def holidays():
    """The public holidays that are not working days (``settings.CASE_HOLIDAYS``)."""
    return deadlines.holidays_from(getattr(settings, "CASE_HOLIDAYS", ()))


def case_rows(cases: QuerySet) -> QuerySet:
    """What a list or an export shows of each case (never who filed it)."""
    return cases.select_related("commitment", "member", "milestone", "filer_organisation", "addressed_to")


def case_with_events(number: int) -> Case | None:
    return (
        case_rows(Case.objects.filter(number=number))
        .select_related("taken_by_organisation")
        .prefetch_related(Prefetch("events", queryset=CaseEvent.objects.order_by("at", "pk")))
        .first()
    )


def commitment_cases(commitment_id: int) -> list[Case]:
    """A commitment's cases with their events (for its timeline and its PDF): two queries."""
    return list(
        case_rows(Case.objects.filter(commitment_id=commitment_id))
        .prefetch_related(Prefetch("events", queryset=CaseEvent.objects.order_by("at", "pk")))
        .order_by("filed_at", "pk")
    )


def commitment_page_cases(commitment_id: int) -> list[Case]:
    """A commitment's cases as its page shows them (number, category, milestone, state and
    deadlines; not their events): one query."""
    return list(
        Case.objects.filter(commitment_id=commitment_id)
        .select_related("milestone")
        .order_by("filed_at", "pk")
    )


def deadline_view(case: Case, now=None) -> dict:
    """The case's deadlines as a page shows them: the last day of each, and whether the pending
    one has passed."""
    now = now or timezone.now()
    pending = pending_deadline(case.state, case.acknowledge_due, case.answer_due)
    return {
        "acknowledge_by": deadlines.last_day(case.acknowledge_due, zone()),
        "answer_by": deadlines.last_day(case.answer_due, zone()),
        "pending_by": deadlines.last_day(pending, zone()) if pending else None,
        "overdue": case_overdue(case.state, case.acknowledge_due, case.answer_due, now),
    }
