"""Civil-society columns of the explorer's exports: one per scoring round, each cell the median
completion of the commitment's published scores in that round with their count
("substantial (3)"), by ``divergence.median_with_count``.

Rounds belong to an action plan, and a commitment to one plan: rounds of different plans with
the same name share a column ("Tracker: Civil society: Mid-term 2025"). One query for the whole
exported set, when the columns are first asked for.
"""

from __future__ import annotations

from ..ogp.columns import TRACKER_COLUMN_PREFIX
from ..ogp.export import Column, export_columns
from . import divergence, rules
from .facts import public_scores
from .models import ScoreVersion


def civil_society_columns(queryset) -> list[Column]:
    latest: dict[int, tuple[int, str, str]] = {}  # score → (commitment, round name, completion)
    rounds: dict[str, tuple] = {}  # round name → earliest (opens_on, pk): the columns' order
    for score_id, commitment_id, name, opens_on, round_id, completion in (
        ScoreVersion.objects.filter(
            score__in=public_scores(commitment_id__in=queryset.order_by().values("pk"))
        )
        .order_by("score_id", "number")
        .values_list(
            "score_id",
            "score__commitment_id",
            "score__round__name",
            "score__round__opens_on",
            "score__round_id",
            "completion",
        )
    ):
        latest[score_id] = (commitment_id, name, completion)
        rounds[name] = min(rounds.get(name, (opens_on, round_id)), (opens_on, round_id))
    steps: dict[tuple[int, str], list[int | None]] = {}
    for commitment_id, name, completion in latest.values():
        steps.setdefault((commitment_id, name), []).append(rules.completion_step(completion))
    cells = {key: divergence.median_with_count(values) for key, values in steps.items()}

    def cell(name: str):
        return lambda record: cells.get((record.page.pk, name), "")

    return [
        Column(f"{TRACKER_COLUMN_PREFIX}Civil society: {name}", cell(name))
        for name in sorted(rounds, key=lambda n: rounds[n])
    ]


def connect() -> None:
    export_columns(civil_society_columns)
