"""Reading contracting data for the record's pages and flags."""

from __future__ import annotations

from django.db.models import Q

from commitments.models import CommitmentPage

from .models import ProcessLink, ProjectLink


def linked_commitment_ids() -> set[int]:
    """Every commitment with a link to a process or project (their facts change on import)."""
    return set(
        CommitmentPage.objects.filter(
            Q(pk__in=ProcessLink.objects.values("commitment_id"))
            | Q(pk__in=ProjectLink.objects.values("commitment_id"))
        ).values_list("pk", flat=True)
    )
