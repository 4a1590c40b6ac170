"""Civil-society scores for the bench record (``manage.py bench_scores``), written in bulk.

A third of the commitments get published scores (one to three organisations each, one round
per action plan); every fifth of those has an approved update that one score contests. The
first member's first plan's first commitment (``bench_measure``'s commitment page) gets 20
scores; its second commitment none (the page to compare with).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    MemberPage,
    Milestone,
    ProgressUpdate,
    UpdateState,
)
from commitments.scores.models import MilestoneVerdict, Score, ScoreVersion, ScoringRound
from devdata import synthetic
from tracker.models import Membership, Organisation, Sector

COMPLETIONS = ["not_started", "limited", "substantial", "complete"]


def _bench_pages() -> tuple[CommitmentPage, CommitmentPage]:
    member = (
        MemberPage.objects.live()
        .filter(code=synthetic.export_member_codes(synthetic.DEFAULT_SEED)[0])
        .first()
    )
    plan = ActionPlanPage.objects.live().child_of(member).order_by("path").first()
    first, second = CommitmentPage.objects.live().child_of(plan).order_by("path")[:2]
    return first, second


def _organisations(count: int) -> list[Organisation]:
    User = get_user_model()
    found = []
    for n in range(count):
        organisation, _created = Organisation.objects.get_or_create(
            name=f"Bench monitor {n:02d}", defaults={"sector": Sector.CIVIL_SOCIETY}
        )
        user, created = User.objects.get_or_create(
            username=f"bench-monitor-{n:02d}", defaults={"email": f"bench-monitor-{n:02d}@example.org"}
        )
        if created:
            Membership.objects.create(user=user, organisation=organisation)
        organisation.bench_author = user
        found.append(organisation)
    return found


@transaction.atomic
def populate(*, scored_page_scores: int = 20) -> tuple[int, str]:
    if Score.objects.exists():
        return Score.objects.values("commitment_id").distinct().count(), "(already populated)"
    User = get_user_model()
    staff, _created = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    organisations = _organisations(max(3, scored_page_scores))
    today = timezone.localdate()
    rounds = {
        plan.pk: ScoringRound(
            action_plan=plan,
            name="Bench round",
            period_start=today - datetime.timedelta(days=365),
            period_end=today,
            opens_on=today - datetime.timedelta(days=10),
            closes_on=today + datetime.timedelta(days=30),
            created_by=staff,
        )
        for plan in ActionPlanPage.objects.all()
    }
    ScoringRound.objects.bulk_create(rounds.values())
    rounds = {r.action_plan_id: r for r in ScoringRound.objects.all()}
    steplen = ActionPlanPage.steplen
    plan_by_path = dict(ActionPlanPage.objects.values_list("path", "pk"))
    page, bare = _bench_pages()
    chosen = []
    for index, (pk, path) in enumerate(CommitmentPage.objects.order_by("pk").values_list("pk", "path")):
        if pk == bare.pk:
            continue
        if pk == page.pk:
            chosen.append((pk, path, scored_page_scores))
        elif index % 3 == 0:
            chosen.append((pk, path, 1 + index % 3 + (index // 3) % 3))
    now = timezone.now()
    scores = []
    for pk, path, count in chosen:
        round = rounds[plan_by_path[path[:-steplen]]]
        for n in range(count):
            organisation = organisations[n]
            scores.append(
                Score(
                    round=round,
                    commitment_id=pk,
                    organisation=organisation,
                    author=organisation.bench_author,
                    state=Score.State.PUBLISHED,
                    signed_off_by=organisation.bench_author,
                    signed_off_at=now,
                    self_signed=True,
                    is_public=True,
                    completion=COMPLETIONS[(pk + n) % 4],
                    completion_justification="Bench score.",
                )
            )
    Score.objects.bulk_create(scores, batch_size=500)
    scores = list(Score.objects.order_by("pk"))
    versions = [
        ScoreVersion(
            score=score,
            number=1,
            created_by=score.author,
            signed_off_by=score.author,
            self_signed=True,
            completion=score.completion,
            completion_justification=score.completion_justification,
        )
        for score in scores
    ]
    ScoreVersion.objects.bulk_create(versions, batch_size=500)
    # Contested milestones: the scored page's every milestone, and every fifth scored commitment's first.
    contested = {page.pk} | {pk for index, (pk, _path, _n) in enumerate(chosen) if index % 5 == 0}
    milestones = {}
    for milestone in Milestone.objects.filter(commitment_id__in=contested).order_by("sort_order", "pk"):
        if milestone.commitment_id == page.pk or milestone.commitment_id not in milestones:
            milestones.setdefault(milestone.commitment_id, []).append(milestone)
    author = organisations[0].bench_author
    updates = [
        ProgressUpdate(
            milestone=m,
            author=author,
            status="partiallyMet",
            percent_complete=80,
            narrative="Bench update.",
            state=UpdateState.APPROVED,
            submitted_at=now,
            decided_at=now,
            decided_by=staff,
        )
        for ms in milestones.values()
        for m in ms
    ]
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    update_of = {
        u.milestone_id: u for u in ProgressUpdate.objects.filter(milestone__commitment_id__in=contested)
    }
    verdicts = [
        MilestoneVerdict(
            score=version.score,
            version=version,
            milestone=m,
            update=update_of[m.pk],
            verdict="contest" if version.score.organisation_id == organisations[0].pk else "confirm",
            reason="Bench reason.",
        )
        for version in versions
        for m in milestones.get(version.score.commitment_id, [])
    ]
    MilestoneVerdict.objects.bulk_create(verdicts, batch_size=500)
    return len(chosen), page.ogp_id


def measured_rows(client, *, reps: int) -> list[dict]:
    from devdata.management.commands.bench_measure import BenchRow, measure_row

    page, bare = _bench_pages()
    urls = {"scored": page.get_url(), "bare": bare.get_url()}
    urls = {k: v if v.startswith("/en/") else f"/en{v}" for k, v in urls.items()}
    rows = [
        BenchRow("explorer: first page", lambda c: "/en/commitments/", target_ms=60.0, group="explorer"),
        BenchRow(
            "explorer: civil-society facets",
            lambda c: "/en/commitments/?cs_completion=limited&cs_completion=substantial&cs_divergence=below",
            target_ms=60.0,
            group="explorer",
        ),
        BenchRow(
            "explorer: contested",
            lambda c: "/en/commitments/?contested=yes",
            target_ms=60.0,
            group="explorer",
        ),
        BenchRow("commitment page: no scores", lambda c: urls["bare"]),
        BenchRow("commitment page: 20 scores", lambda c: urls["scored"]),
    ]
    for row in rows:  # imports and template compilation are not the first row's cost
        client.get(row.url(None))
    return [dataclasses.asdict(measure_row(row, None, client=client, reps=reps)) for row in rows]
