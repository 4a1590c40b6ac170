"""Civil-society scores in the explorer's ``CommitmentFacts``, and the receivers that keep them.

``score_columns(ids)`` is registered with ``explorer.facts.facts_columns``: whenever a
commitment's facts are refreshed, it gives its civil-society columns (at most four queries a batch):

- ``cs_completion`` / ``cs_scores``: in the commitment's latest round with published scores
  (by opening day), the median completion of their latest versions and how many there are;
- ``cs_divergence``: that median minus the government's reported completion, in steps;
- ``contested``: milestones whose latest approved update a published score contests (in its
  latest version) and the POCs have not answered (no visible reply to that score).

Only published, visible scores count: a hidden score's verdicts and completion do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from ..explorer.facts import facts_columns, facts_refresh_soon
from ..models import ProgressUpdate, UpdateState
from . import divergence, rules
from .models import MilestoneVerdict, Score, ScoreReply, ScoreVersion


def public_scores(**filters) -> Any:
    """Scores the public sees: published and not hidden."""
    return Score.objects.filter(is_public=True, hidden=False, **filters)


def latest_approved_reports(commitment_ids: Iterable[int]) -> dict[int, dict[int, tuple[int, str, int]]]:
    """Per commitment, per milestone: its latest approved update as (update id, status, percent)."""
    latest: dict[int, dict[int, tuple[int, str, int]]] = {}
    for pk, milestone_id, commitment_id, status, percent in (
        ProgressUpdate.objects.filter(
            milestone__commitment_id__in=list(commitment_ids), state=UpdateState.APPROVED
        )
        .order_by("decided_at", "pk")
        .values_list("pk", "milestone_id", "milestone__commitment_id", "status", "percent_complete")
    ):
        latest.setdefault(commitment_id, {})[milestone_id] = (pk, status, percent)
    return latest


def government_step(reports: dict[int, tuple[int, str, int]]) -> int | None:
    completion = rules.government_commitment_completion(
        (status, percent) for _pk, status, percent in reports.values()
    )
    return rules.completion_step(completion)


def score_columns(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The civil-society columns of these commitments: one query when none has a published
    score, four otherwise."""
    latest_versions: dict[
        int, tuple[int, int, tuple, str]
    ] = {}  # score → (version, commitment, round key, completion)
    for version_id, score_id, commitment_id, round_id, opens_on, completion in (
        ScoreVersion.objects.filter(score__in=public_scores(commitment_id__in=ids))
        .order_by("score_id", "number")
        .values_list(
            "pk",
            "score_id",
            "score__commitment_id",
            "score__round_id",
            "score__round__opens_on",
            "completion",
        )
    ):
        latest_versions[score_id] = (version_id, commitment_id, (opens_on, round_id), completion)

    if not latest_versions:
        return {}
    reports = latest_approved_reports(ids)
    by_round: dict[int, dict[tuple, list[int | None]]] = {}
    for _version, commitment_id, round_key, completion in latest_versions.values():
        by_round.setdefault(commitment_id, {}).setdefault(round_key, []).append(
            rules.completion_step(completion)
        )

    answered = set(
        ScoreReply.objects.filter(score_id__in=list(latest_versions), hidden=False).values_list(
            "score_id", flat=True
        )
    )
    latest_version_ids = {version for version, *_rest in latest_versions.values()}
    contested: dict[int, set[int]] = {}
    for version_id, score_id, milestone_id, update_id, commitment_id in MilestoneVerdict.objects.filter(
        score__in=public_scores(commitment_id__in=ids), verdict=rules.Verdict.CONTEST, version__isnull=False
    ).values_list("version_id", "score_id", "milestone_id", "update_id", "milestone__commitment_id"):
        latest_update = reports.get(commitment_id, {}).get(milestone_id)
        if (
            version_id in latest_version_ids
            and score_id not in answered
            and latest_update is not None
            and latest_update[0] == update_id
        ):
            contested.setdefault(commitment_id, set()).add(milestone_id)

    columns: dict[int, dict[str, Any]] = {}
    for commitment_id in set(by_round) | set(contested):
        rounds = by_round.get(commitment_id)
        steps = rounds[max(rounds)] if rounds else []
        median = divergence.median_step(steps)
        columns[commitment_id] = {
            "cs_completion": divergence.value_at(median),
            "cs_scores": sum(1 for s in steps if s is not None),
            "cs_divergence": divergence.divergence(median, government_step(reports.get(commitment_id, {}))),
            "contested": len(contested.get(commitment_id, ())),
        }
    return columns


# -- receivers ------------------------------------------------------------------------------------


def _commitments_of_scores(score_ids: Iterable[int]) -> list[int]:
    return list(Score.objects.filter(pk__in=list(score_ids)).values_list("commitment_id", flat=True))


def on_score_changed(sender, instance, **kwargs):
    facts_refresh_soon([instance.commitment_id])


def on_part_changed(sender, instance, **kwargs):
    # A draft's verdicts are not public: only a version's change what the explorer shows. A
    # first sign-off saves its version and verdicts before the score turns public, and the
    # score's own save then refreshes: parts of a score not yet public change nothing.
    if sender is MilestoneVerdict and instance.version_id is None:
        return
    if sender is ScoreReply:
        facts_refresh_soon(_commitments_of_scores([instance.score_id]))
    else:
        facts_refresh_soon(public_scores(pk=instance.score_id).values_list("commitment_id", flat=True))


def connect() -> None:
    facts_columns(score_columns)
    post_save.connect(on_score_changed, sender=Score, dispatch_uid="scores-facts-score")
    post_delete.connect(on_score_changed, sender=Score, dispatch_uid="scores-facts-score-deleted")
    for model in (ScoreVersion, MilestoneVerdict, ScoreReply):
        post_save.connect(on_part_changed, sender=model, dispatch_uid=f"scores-facts-{model.__name__}")
        post_delete.connect(
            on_part_changed, sender=model, dispatch_uid=f"scores-facts-{model.__name__}-deleted"
        )
