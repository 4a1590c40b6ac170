"""The cases' column of the explorer's ``CommitmentFacts``: the earliest deadline the implementer
still has to meet (the "case unanswered" flag compares it with now)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case as When_
from django.db.models import Min, When

from ..explorer.facts import facts_columns, facts_refresh_soon
from .models import Case, CaseState

PENDING_DEADLINE = When_(
    When(state=CaseState.FILED, then="acknowledge_due"),
    When(state=CaseState.ACKNOWLEDGED, then="answer_due"),
    default=None,
)


# A commitment without open cases gets the column's default (None: nothing pending).
@facts_columns
def case_facts(ids: list[int]) -> dict:
    """Per commitment, the earliest pending deadline of its cases (``rules.pending_deadline``
    of each, in the database). One query."""
    rows = (
        Case.objects.filter(commitment_id__in=ids, state__in=(CaseState.FILED, CaseState.ACKNOWLEDGED))
        .values("commitment_id")
        .annotate(due=Min(PENDING_DEADLINE))
        .order_by()
    )
    return {row["commitment_id"]: {"earliest_case_due": row["due"]} for row in rows}


def case_facts_refresh(commitment_ids: Iterable[int]) -> None:
    """After every write to a case: its commitment's facts (the stored scorecards are refreshed
    by the services themselves)."""
    facts_refresh_soon(commitment_ids)
