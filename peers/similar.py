""" "Peers who did something similar": for a commitment, other members' commitments that worked,
and practices that go with them.

The rule (stated on the page, ``RULE``): commitments of *other* OGP members that share at least
one policy area with this one and that the IRM starred or found substantially or fully complete;
ranked by the number of policy areas shared, then by the words their titles have in common with
this one's, then by identifier. Practices: published practices linked to this commitment or to
those, best results first.

Computed once per commitment and kept in the cache under the explorer's facts version and the
practices' version, so it is recomputed whenever any commitment's facts or any practice change.
The page then reads the chosen rows in two flat queries.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from commitments.models import CommitmentFacts, CommitmentPage

from . import ranking
from .models import PracticePage
from .versions import data_version

RULE = _(
    "Commitments of other OGP members that share at least one policy area with this one and that "
    "the IRM starred or found substantially or fully complete, ranked by the policy areas they "
    "share, then by the words their titles have in common with this one. Practices: those linked "
    "to this commitment or to these, best results first."
)
LIMIT = 5
CANDIDATES = 200
WORD = re.compile(r"\w{4,}")


def title_words(title: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(title or "")}


def words_in_common(a: str, b: str) -> int:
    return len(title_words(a) & title_words(b))


def choose(title: str, candidates: list[dict], limit: int = LIMIT) -> list[int]:
    """The rule's ranking, on rows with ``commitment_id``, ``title`` and ``shared``."""
    ranked = sorted(
        candidates,
        key=lambda row: (
            -row["shared"],
            -words_in_common(title, row["title"]),
            row["ogp_id"],
            row["commitment_id"],
        ),
    )
    return [row["commitment_id"] for row in ranked[:limit]]


def compute(commitment: CommitmentPage) -> dict:
    """The ids the panel shows (a handful of queries, whatever the size of the record)."""
    areas = list(commitment.policy_areas.values_list("pk", flat=True))
    member_id = (
        CommitmentFacts.objects.filter(commitment=commitment).values_list("member_id", flat=True).first()
    )
    chosen: list[int] = []
    if areas:
        candidates = (
            CommitmentFacts.objects.filter(ranking.results_q(), commitment__live=True)
            .filter(commitment__policy_areas__in=areas)
            .exclude(commitment=commitment)
            .exclude(member_id=member_id)
            .values("commitment_id")
            .annotate(shared=Count("commitment__policy_areas"))
            .values("commitment_id", "shared", "commitment__title", "commitment__ogp_id")
            .order_by("-shared", "commitment__ogp_id", "commitment_id")[:CANDIDATES]
        )
        rows = [
            {
                "commitment_id": row["commitment_id"],
                "shared": row["shared"],
                "title": row["commitment__title"],
                "ogp_id": row["commitment__ogp_id"],
            }
            for row in candidates
        ]
        chosen = choose(commitment.title, rows)
    practice_ids = list(
        ranking.by_results(
            PracticePage.objects.live()
            .public()
            .filter(commitment_links__commitment_id__in=[commitment.pk, *chosen])
            .distinct()
        ).values_list("pk", flat=True)[:LIMIT]
    )
    return {"commitments": chosen, "practices": practice_ids}


def similar_ids(commitment: CommitmentPage) -> dict:
    key = f"peers:similar:{commitment.pk}:{data_version()}"
    found = cache.get(key)
    if found is None:
        found = compute(commitment)
        cache.set(key, found, 60 * 60 * 24)
    return found


def similar_context(commitment: CommitmentPage) -> dict:
    """The panel's rows: two flat queries once the ids are known."""
    ids = similar_ids(commitment)
    order = {pk: position for position, pk in enumerate(ids["commitments"])}
    commitments = sorted(
        CommitmentPage.objects.live().filter(pk__in=order).select_related("facts", "facts__member"),
        key=lambda page: order[page.pk],
    )
    practice_order = {pk: position for position, pk in enumerate(ids["practices"])}
    practices = sorted(
        PracticePage.objects.live().filter(pk__in=practice_order).select_related("network"),
        key=lambda page: practice_order[page.pk],
    )
    return {"similar_commitments": commitments, "similar_practices": practices, "similar_rule": RULE}
