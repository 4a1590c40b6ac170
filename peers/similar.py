""" "Peers who did something similar": for a commitment, other members' commitments that worked,
and practices that go with them.

The rule (stated on the page, ``RULE``): commitments of *other* OGP members that share at least
one policy area with this one and that the IRM starred or found substantially or fully complete;
ranked by the number of policy areas shared, then by the words their titles have in common with
this one's, then by identifier. Practices: published practices linked to this commitment or to
those, best results first.

Computed in two queries and the chosen ids kept in the cache under the explorer's facts version
and the practices' version (recomputed whenever any commitment's facts or any practice change);
from the cache the page reads the chosen rows in two queries too, so the page costs the same
either way.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from commitments.models import CommitmentPage
from tracker.routing import without_view_restrictions

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


def choose(title: str, candidates: list, limit: int = LIMIT) -> list:
    """The rule's ranking, on commitments annotated with ``shared`` (policy areas in common)."""
    ranked = sorted(candidates, key=lambda c: (-c.shared, -words_in_common(title, c.title), c.ogp_id, c.pk))
    return ranked[:limit]


def _commitments(queryset):
    return queryset.select_related("facts__member").only(
        "title",
        "ogp_id",
        "url_path",
        "path",
        "depth",
        "facts__starred",
        "facts__completion",
        "facts__member__title",
        "facts__member__level",
        "facts__member__country",
    )


def _practices(queryset) -> list[PracticePage]:
    return list(queryset.select_related("network")[:LIMIT])


def _practices_for(commitment_ids: list[int]):
    return ranking.by_results(
        without_view_restrictions(PracticePage.objects.live())
        .filter(commitment_links__commitment_id__in=commitment_ids)
        .distinct()
    )


def similar_context(commitment: CommitmentPage, *, area_ids: list[int], member_id: int | None) -> dict:
    """The panel's rows, in two queries whether they were computed just now or are known from the
    cache (kept under ``data_version``): so the page costs the same either way.

    ``area_ids`` and ``member_id`` come from the page's own context (no query)."""
    key = f"peers:similar:{commitment.pk}:{data_version()}"
    known = cache.get(key)
    if known is not None:
        order = {pk: position for position, pk in enumerate(known["commitments"])}
        commitments = sorted(
            _commitments(CommitmentPage.objects.filter(pk__in=order)), key=lambda page: order[page.pk]
        )
        practices = _practices(_practices_for([commitment.pk, *known["commitments"]]))
    else:
        commitments = []
        if area_ids:
            candidates = (
                CommitmentPage.objects.live()
                .filter(ranking.results_q("facts__"), policy_areas__in=area_ids)
                .exclude(pk=commitment.pk)
                .exclude(facts__member_id=member_id)
                .annotate(shared=Count("policy_areas"))
                .order_by("-shared", "ogp_id", "pk")
            )
            commitments = choose(commitment.title, list(_commitments(candidates)[:CANDIDATES]))
        practices = _practices(_practices_for([commitment.pk, *(c.pk for c in commitments)]))
        cache.set(key, {"commitments": [c.pk for c in commitments]}, 60 * 60 * 24)
    return {"similar_commitments": commitments, "similar_practices": practices, "similar_rule": RULE}
