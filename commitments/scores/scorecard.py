"""The civil-society scorecard of an action plan or a member: per scoring round, the distribution
of published scores, agreement between organisations, and divergence from the government's
reported progress and from the IRM (``divergence.round_summary``), as roll-up shares for the
charts and their tables. A fixed number of queries, however many rounds and scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from tracker.collation import sort_key
from tracker.db import JSONRows, built_once, json_rows

from .. import irm
from ..models import CommitmentFacts, ProgressUpdate, UpdateState
from ..rollups import Share
from . import divergence, rules
from .facts import government_step
from .models import Score, ScoreVersion, ScoringRound


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


@built_once
def _rounds_query():
    # The rounds with, in the same query, their published scores that have a version: each with
    # its latest version's completion, its organisation, and its commitment's IRM completion
    # (from the facts) and approved progress reports (the government's voice).
    approved = ProgressUpdate.objects.filter(
        milestone__commitment_id=OuterRef("commitment_id"), state=UpdateState.APPROVED
    ).order_by("decided_at", "pk")
    versions = ScoreVersion.objects.filter(score_id=OuterRef("pk"))
    scores = (
        Score.objects.filter(round_id=OuterRef("pk"), is_public=True, hidden=False)
        .filter(Exists(versions))
        .order_by("pk")
    )
    return (
        ScoringRound.objects.select_related("action_plan")
        .annotate(
            _scores=JSONRows(
                scores,
                "commitment_id",
                "organisation_id",
                organisation_name="organisation__name",
                completion=Subquery(versions.order_by("-number").values("completion")[:1]),
                irm=Subquery(
                    CommitmentFacts.objects.filter(commitment_id=OuterRef("commitment_id")).values(
                        "completion"
                    )[:1]
                ),
                reports=JSONRows(approved, "pk", "milestone_id", "status", "percent_complete"),
            )
        )
        .order_by("-opens_on", "-pk")
    )


def scorecards(plan_ids: Iterable[int] | QuerySet) -> list[Scorecard]:
    """The scorecards of these action plans' rounds (ids, or a queryset of their ``pk``), latest
    round first."""
    rounds = list(
        _rounds_query().filter(
            action_plan_id__in=plan_ids if isinstance(plan_ids, QuerySet) else list(plan_ids)
        )
    )
    if not rounds:
        return []
    organisations: dict[int, dict[int, str]] = {}  # round → organisations with published scores
    per_round: dict[int, dict[int, list[int | None]]] = {}
    reports: dict[int, dict[int, tuple[int, str, int]]] = {}  # commitment → milestone → report
    irm_completion: dict[int, str | None] = {}
    for round in sorted(rounds, key=lambda r: r.pk):
        for score in json_rows(round._scores):
            commitment_id = score["commitment_id"]
            organisations.setdefault(round.pk, {})[score["organisation_id"]] = score["organisation_name"]
            per_round.setdefault(round.pk, {}).setdefault(commitment_id, []).append(
                rules.completion_step(score["completion"])
            )
            reports[commitment_id] = {
                row["milestone_id"]: (row["pk"], row["status"], row["percent_complete"])
                for row in json_rows(score["reports"])
            }
            irm_completion[commitment_id] = score["irm"]

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
