"""The civil-society scorecard of an action plan or a member: per scoring round, the distribution
of published scores, agreement between organisations, and divergence from the government's
reported progress and from the IRM (``divergence.round_summary``), as roll-up shares for the
charts and their tables. A fixed number of queries, however many rounds and scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tracker.collation import sort_key

from .. import irm
from ..models import CommitmentFacts
from ..rollups import Share
from . import divergence, rules
from .facts import government_step, latest_approved_reports
from .models import ScoreVersion, ScoringRound


@dataclass(frozen=True)
class Scorecard:
    round: ScoringRound
    summary: divergence.RoundSummary
    distribution: list[Share]
    agreeing: Share
    from_government: list[Share]
    from_irm: list[Share]
    organisations: list[tuple[int, str]]  # (pk, name) of those with published scores: shadow reports

    @property
    def median_label(self) -> str:
        value = self.summary.median_value
        return str(irm.Completion(value).label) if value else ""


DIRECTION_LABELS = {
    divergence.Direction.BELOW.value: lambda: _("Civil society rates it lower"),
    divergence.Direction.SAME.value: lambda: _("Civil society agrees"),
    divergence.Direction.ABOVE.value: lambda: _("Civil society rates it higher"),
}


def _directions(counts: dict[str, int]) -> list[Share]:
    total = sum(counts.values())
    return [
        Share(key=key, label=DIRECTION_LABELS[key](), count=count, total=total)
        for key, count in counts.items()
    ]


def scorecards(plan_ids: Iterable[int] | QuerySet) -> list[Scorecard]:
    """The scorecards of these action plans' rounds (ids, or a queryset of their ``pk``), latest
    round first."""
    rounds = list(
        ScoringRound.objects.filter(
            action_plan_id__in=plan_ids if isinstance(plan_ids, QuerySet) else list(plan_ids)
        )
        .select_related("action_plan")
        .order_by("-opens_on", "-pk")
    )
    if not rounds:
        return []
    latest: dict[int, tuple[int, int, str]] = {}  # score → (round, commitment, completion)
    organisations: dict[int, dict[int, str]] = {}  # round → organisations with published scores
    for score_id, round_id, commitment_id, completion, organisation_id, name in (
        ScoreVersion.objects.filter(score__round__in=rounds, score__is_public=True, score__hidden=False)
        .order_by("score_id", "number")
        .values_list(
            "score_id",
            "score__round_id",
            "score__commitment_id",
            "completion",
            "score__organisation_id",
            "score__organisation__name",
        )
    ):
        latest[score_id] = (round_id, commitment_id, completion)
        organisations.setdefault(round_id, {})[organisation_id] = name
    commitment_ids = {commitment_id for _round, commitment_id, _completion in latest.values()}
    reports = latest_approved_reports(commitment_ids) if commitment_ids else {}
    irm_completion = dict(
        CommitmentFacts.objects.filter(commitment_id__in=commitment_ids).values_list(
            "commitment_id", "completion"
        )
    )
    per_round: dict[int, dict[int, list[int | None]]] = {}
    for round_id, commitment_id, completion in latest.values():
        per_round.setdefault(round_id, {}).setdefault(commitment_id, []).append(
            rules.completion_step(completion)
        )

    cards = []
    for round in rounds:
        commitments = per_round.get(round.pk, {})
        summary = divergence.round_summary(
            [
                divergence.CommitmentScores(
                    scores=steps,
                    government=government_step(reports.get(commitment_id, {})),
                    irm=divergence.step(irm_completion.get(commitment_id)),
                )
                for commitment_id, steps in sorted(commitments.items())
            ]
        )
        cards.append(
            Scorecard(
                round=round,
                summary=summary,
                distribution=[
                    Share(
                        key=level.key,
                        label=str(irm.Completion(level.key).label),
                        count=level.count,
                        total=level.total,
                    )
                    for level in summary.distribution
                ],
                agreeing=Share(
                    key="agree",
                    label=_("Organisations agree"),
                    count=summary.agreeing,
                    total=summary.compared,
                ),
                from_government=_directions(summary.from_government),
                from_irm=_directions(summary.from_irm),
                organisations=sorted(
                    organisations.get(round.pk, {}).items(), key=lambda item: sort_key(item[1])
                ),
            )
        )
    return cards
