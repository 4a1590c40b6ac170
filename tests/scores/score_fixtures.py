"""Published civil-society scores for the "where it shows" tests, on top of the progress world."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import CommitmentPage, ProgressUpdate
from commitments.progress import services as progress
from commitments.scores.models import MilestoneVerdict, Score, ScoreReply, ScoreVersion, ScoringRound
from commitments.services import organisation_get_or_create
from tests.commitments.progress_fixtures import World, submitted_update
from tracker.models import Membership, Sector


def approved_update(world: World, **extra) -> ProgressUpdate:
    update = submitted_update(world, **extra)
    return progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))


def scoring_round(
    world: World, *, name: str = "Mid-term 2026", days_ago: int = 10, commitment=None
) -> ScoringRound:
    plan = (commitment or world.commitment).get_parent().specific
    today = timezone.localdate()
    return ScoringRound.objects.create(
        action_plan=plan,
        name=name,
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        opens_on=today - datetime.timedelta(days=days_ago),
        closes_on=today + datetime.timedelta(days=30),
        created_by=world.user("staff"),
    )


def organisation(name: str, sector: str = Sector.CIVIL_SOCIETY):
    org, _created = organisation_get_or_create(name=name, sector=sector)
    return org


def published_score(
    world: World,
    round: ScoringRound,
    org,
    *,
    completion: str,
    commitment: CommitmentPage | None = None,
    verdicts: dict | None = None,
    hidden: bool = False,
    **content,
) -> Score:
    """A score signed off once: its draft fields, one version and the version's verdicts
    (``verdicts``: milestone → (verdict, reason); each judges the milestone's latest approved update)."""
    commitment = commitment or world.commitment
    author = _author(org)
    score = Score.objects.create(
        round=round,
        commitment=commitment,
        organisation=org,
        author=author,
        state=Score.State.PUBLISHED,
        signed_off_by=author,
        signed_off_at=timezone.now(),
        self_signed=True,
        is_public=True,
        hidden=hidden,
        completion=completion,
        completion_justification=f"{org.name} looked at the evidence.",
        **content,
    )
    score_version_add(score, completion=completion, verdicts=verdicts, **content)
    return score


def score_version_add(
    score: Score, *, completion: str, verdicts: dict | None = None, **content
) -> ScoreVersion:
    number = score.versions.count() + 1
    version = ScoreVersion.objects.create(
        score=score,
        number=number,
        created_by=score.author,
        signed_off_by=score.author,
        self_signed=True,
        completion=completion,
        completion_justification=f"{score.organisation.name} looked at the evidence (v{number}).",
        **content,
    )
    for milestone, (verdict, reason) in (verdicts or {}).items():
        update = (
            ProgressUpdate.objects.filter(milestone=milestone, state="approved")
            .order_by("decided_at", "pk")
            .last()
        )
        MilestoneVerdict.objects.create(
            score=score, version=version, milestone=milestone, update=update, verdict=verdict, reason=reason
        )
    return version


def reply(world: World, score: Score, text: str = "The datasets are online since May.") -> ScoreReply:
    return ScoreReply.objects.create(score=score, author=world.user("poc"), text=text)


def _author(org):
    username = f"monitor-{org.pk}"
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org")
        Membership.objects.create(user=user, organisation=org)
    return user
