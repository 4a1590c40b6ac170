"""What the scores' pages show, in a fixed number of queries however many scores there are."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import CommitmentPage, Milestone
from . import rules
from .models import MilestoneVerdict, Score, ScoreReply, ScoreVersion, ScoringRound


def open_rounds(today=None):
    today = today or timezone.localdate()
    return (
        ScoringRound.objects.filter(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)
        .select_related("action_plan")
        .order_by("closes_on", "pk")
    )


@dataclass
class ChangeRow:
    label: str
    before: str
    after: str


@dataclass
class VersionView:
    version: ScoreVersion
    verdicts: list[MilestoneVerdict]
    changes: list[ChangeRow] = field(default_factory=list)


@dataclass
class ScoreView:
    score: Score
    versions: list[VersionView]  # latest first
    reply: ScoreReply | None

    @property
    def current(self) -> VersionView:
        return self.versions[0]


def _display(version: ScoreVersion, name: str, value) -> str:
    if name == "evidence_file":
        return value.name.rsplit("/", 1)[-1] if value else ""
    model_field = ScoreVersion._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or ""))
    return str(value or "")


def _changes(previous: ScoreVersion | None, current: ScoreVersion) -> list[ChangeRow]:
    if previous is None:
        return []
    rows = []
    for change in rules.what_changed(previous.content(), current.content()):
        rows.append(
            ChangeRow(
                label=str(ScoreVersion._meta.get_field(change.field).verbose_name),
                before=_display(previous, change.field, getattr(previous, change.field)),
                after=_display(current, change.field, getattr(current, change.field)),
            )
        )
    return rows


def commitment_scores(commitment: CommitmentPage) -> list[dict]:
    """Every published score of a commitment, by round (latest round first): each with its
    versions (latest first, with what changed) and its verdicts and reply. Five queries."""
    verdicts = MilestoneVerdict.objects.select_related("milestone", "update").order_by(
        "milestone__sort_order", "milestone_id"
    )
    scores = list(
        Score.objects.filter(commitment=commitment, is_public=True)
        .select_related("round", "organisation")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ScoreVersion.objects.select_related("created_by", "signed_off_by")
                .prefetch_related(Prefetch("verdicts", queryset=verdicts))
                .order_by("number"),
            ),
            Prefetch("reply", queryset=ScoreReply.objects.select_related("author")),
        )
        .order_by("-round__opens_on", "-round_id", "organisation__name", "pk")
    )
    rounds: dict[int, dict] = {}
    for score in scores:
        versions, previous = [], None
        for version in score.versions.all():
            versions.append(VersionView(version, list(version.verdicts.all()), _changes(previous, version)))
            previous = version
        if not versions:
            continue
        reply = getattr(score, "reply", None)
        entry = rounds.setdefault(score.round_id, {"round": score.round, "scores": []})
        entry["scores"].append(ScoreView(score, list(reversed(versions)), reply))
    return list(rounds.values())


def latest_updates(commitment: CommitmentPage) -> list[tuple[Milestone, object]]:
    """The commitment's milestones, each with its latest approved update (or None)."""
    from ..progress.selectors import latest_approved

    milestones = list(commitment.milestones.order_by("sort_order", "pk"))
    latest = latest_approved([m.pk for m in milestones])
    return [(m, latest.get(m.pk)) for m in milestones]


def to_score(user, organisations, rounds) -> list[dict]:
    """For a monitor: per organisation and open round, the plan's commitments it has not yet
    published a score of (with its draft, if any). Commitments the organisation implements are
    left out."""
    from ..models import StakeholderRole
    from .permissions import IMPLEMENTER_ROLES, sector_may_score

    result = []
    for round in rounds:
        commitments = list(
            CommitmentPage.objects.live()
            .child_of(round.action_plan)
            .order_by("ogp_id")
            .only("pk", "ogp_id", "title")
        )
        for organisation in organisations:
            if not sector_may_score(organisation, round):
                continue
            implemented = set(
                StakeholderRole.objects.filter(
                    organisation=organisation, role__in=IMPLEMENTER_ROLES, commitment__in=commitments
                ).values_list("commitment_id", flat=True)
            )
            scores = {
                s.commitment_id: s
                for s in Score.objects.filter(round=round, organisation=organisation).filter(
                    Q(state=Score.State.DRAFT) | Q(is_public=True)
                )
            }
            pending = [
                (c, scores.get(c.pk))
                for c in commitments
                if c.pk not in implemented
                and not (c.pk in scores and scores[c.pk].state == Score.State.PUBLISHED)
            ]
            result.append({"round": round, "organisation": organisation, "pending": pending})
    return result


def managed_rounds(user) -> tuple[list, list]:
    """For staff and forum reviewers: the action plans they may open rounds on and the rounds
    of those plans (staff: every round, and no plan list; they open rounds from a plan's id)."""
    from tracker.permissions import is_staff

    from ..models import ActionPlanPage
    from ..permissions import reviewable_members

    if is_staff(user):
        return [], list(ScoringRound.objects.select_related("action_plan").order_by("-opens_on", "-pk")[:50])
    members = reviewable_members(user)
    if not members:
        return [], []
    q = Q()
    for member in members:
        q |= Q(path__startswith=member.path)
    plans = list(ActionPlanPage.objects.filter(q).order_by("plan_id"))
    rounds = list(
        ScoringRound.objects.filter(action_plan__in=plans)
        .select_related("action_plan")
        .order_by("-opens_on", "-pk")
    )
    return plans, rounds
