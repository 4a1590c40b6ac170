"""The site visits' column of the explorer's ``CommitmentFacts``: how many of a commitment's
milestones its latest visible site visit contradicts (the "visit contradicts" flag). A milestone
counts by its latest visit only: a later visit that sees what the record says clears it."""

from __future__ import annotations

from typing import Any

from ..explorer.facts import facts_columns
from .models import SiteVisit
from .selectors import visit_contradicts


def latest_visits_contradicting(visits) -> dict[int, int]:
    """Per commitment, the milestones whose latest visit contradicts their approved status, from
    ``(commitment_id, milestone_id, observed, approved)`` newest first per milestone. Pure."""
    seen: set[int] = set()
    counts: dict[int, int] = {}
    for commitment_id, milestone_id, observed, approved in visits:
        if milestone_id in seen:
            continue
        seen.add(milestone_id)
        if visit_contradicts(observed, approved):
            counts[commitment_id] = counts.get(commitment_id, 0) + 1
    return counts


@facts_columns
def visit_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """One query: the commitments' visible visits to milestones still on them, newest first."""
    visits = (
        SiteVisit.objects.filter(commitment_id__in=ids, hidden=False, milestone__isnull=False)
        .order_by("milestone_id", "-visited_on", "-pk")
        .values_list("commitment_id", "milestone_id", "observed_status", "milestone__status")
    )
    return {pk: {"visits_contradicting": count} for pk, count in latest_visits_contradicting(visits).items()}
