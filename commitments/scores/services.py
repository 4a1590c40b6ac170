"""Services of civil-society scores. Keyword-only, typed, validated (``full_clean``), one
transaction each; every write asks ``permissions`` first (the views and the admin ask too, and
come through here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.models import Organisation

from ..models import ActionPlanPage, CommitmentPage, Milestone
from ..progress.selectors import latest_approved
from . import permissions, rules
from .models import MilestoneVerdict, Score, ScoreReply, ScoreVersion, ScoringRound


def _locked(score: Score) -> Score:
    """The score as stored now, locked until the transaction ends."""
    return (
        Score.objects.select_for_update(of=("self",))
        .select_related("round__action_plan", "commitment")
        .get(pk=score.pk)
    )


@transaction.atomic
def round_open(
    *,
    actor,
    action_plan: ActionPlanPage,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    opens_on: datetime.date,
    closes_on: datetime.date,
    allow_business: bool = False,
) -> ScoringRound:
    """Staff or the plan's forum open a scoring round on an action plan."""
    if not permissions.can_manage_rounds(actor, action_plan):
        raise PermissionDenied(_("You may not open scoring rounds on this action plan."))
    round = ScoringRound(
        action_plan=action_plan,
        name=name,
        period_start=period_start,
        period_end=period_end,
        opens_on=opens_on,
        closes_on=closes_on,
        allow_business=allow_business,
        created_by=actor,
    )
    round.full_clean()
    round.save()
    return round


ROUND_EDITABLE = ("name", "period_start", "period_end", "opens_on", "closes_on", "allow_business")


@transaction.atomic
def round_update(*, actor, round: ScoringRound, values: dict) -> ScoringRound:
    """Change a round's name, period, dates or whether business may score (its plan never
    changes: scores compare like with like)."""
    round = (
        ScoringRound.objects.select_for_update(of=("self",)).select_related("action_plan").get(pk=round.pk)
    )
    if not permissions.can_manage_rounds(actor, round.action_plan):
        raise PermissionDenied(_("You may not change this round."))
    for name in ROUND_EDITABLE:
        if name in values:
            setattr(round, name, values[name])
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def round_close(*, actor, round: ScoringRound) -> ScoringRound:
    """Close a round before its closing day: no more scores or revisions."""
    if not permissions.can_manage_rounds(actor, round.action_plan):
        raise PermissionDenied(_("You may not close this round."))
    if round.closed_at is not None:
        return round
    round.closed_at, round.closed_by = timezone.now(), actor
    round.save(update_fields=["closed_at", "closed_by"])
    return round


@transaction.atomic
def round_reopen(*, actor, round: ScoringRound, reason: str, closes_on: datetime.date) -> ScoringRound:
    """Reopen a closed (or lapsed) round until ``closes_on``, with the reason shown publicly."""
    if not permissions.can_manage_rounds(actor, round.action_plan):
        raise PermissionDenied(_("You may not reopen this round."))
    errors = {}
    if not reason.strip():
        errors["reopened_reason"] = _("Say why the round is reopened: the reason is shown with it.")
    if closes_on < timezone.localdate():
        errors["closes_on"] = _("A reopened round closes today or later.")
    if errors:
        raise ValidationError(errors)
    round.closed_at, round.closed_by = None, None
    round.reopened_reason, round.reopened_at, round.reopened_by = reason.strip(), timezone.now(), actor
    round.closes_on = closes_on
    round.full_clean()
    round.save()
    return round


@dataclass(frozen=True)
class VerdictInput:
    """A verdict as a form gives it: the milestone, and the verdict on its latest approved update
    (empty: no verdict)."""

    milestone: Milestone
    verdict: str
    reason: str = ""
    evidence_file: UploadedFile | None = None
    evidence_url: str = ""


CONTENT_TEXT = (*rules.SCALE_FIELDS, "evidence_url")


def _check_era(score: Score) -> None:
    """A score uses the scales of its plan's era, and nothing of the other's."""
    if score.round.uses_2021_method:
        score.potential_impact = score.open_government = ""
    else:
        score.potential_for_results = score.early_results = ""


def _save_verdicts(score: Score, verdicts: list[VerdictInput]) -> None:
    latest = latest_approved([v.milestone.pk for v in verdicts])
    errors: list[str] = []
    for given in verdicts:
        if given.milestone.commitment_id != score.commitment_id:
            raise ValidationError(_("That milestone is not one of this commitment's."))
        existing = MilestoneVerdict.objects.filter(
            score=score, version=None, milestone=given.milestone
        ).first()
        if not given.verdict:
            if existing is not None:
                existing.delete()
            continue
        update = latest.get(given.milestone.pk)
        if update is None:
            errors.append(
                _("“%(milestone)s” has no approved update to judge.") % {"milestone": given.milestone.title}
            )
            continue
        verdict = existing or MilestoneVerdict(score=score, milestone=given.milestone)
        verdict.update = update
        verdict.verdict, verdict.reason, verdict.evidence_url = (
            given.verdict,
            given.reason.strip(),
            given.evidence_url,
        )
        if given.evidence_file:
            verdict.evidence_file = given.evidence_file
        if verdict.verdict == rules.Verdict.CONTEST and not verdict.reason:
            errors.append(
                _("Say why you contest the update on “%(milestone)s”.") % {"milestone": given.milestone.title}
            )
            continue
        score_evidence = score.evidence_file or score.evidence_url
        if verdict.verdict == rules.Verdict.CONTEST and not (
            verdict.evidence_file or verdict.evidence_url or score_evidence
        ):
            errors.append(
                _(
                    "Give evidence for contesting the update on “%(milestone)s”: a file or a link, with it "
                    "or for the whole score."
                )
                % {"milestone": given.milestone.title}
            )
            continue
        verdict.full_clean()
        verdict.save()
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def score_draft_save(
    *,
    actor,
    values: dict[str, str],
    evidence_file: UploadedFile | None = None,
    verdicts: list[VerdictInput] | None = None,
    round: ScoringRound | None = None,
    commitment: CommitmentPage | None = None,
    organisation: Organisation | None = None,
    score: Score | None = None,
) -> Score:
    """Create a draft score (``round``, ``commitment``, ``organisation``) or change the draft of
    one (``score``; a published score becomes a revision: see ``score_revise``)."""
    if score is None:
        if round is None or commitment is None or organisation is None:
            raise ValueError("score_draft_save needs a score, or a round, a commitment and an organisation")
        reason = permissions.why_not_score(
            actor, round=round, commitment=commitment, organisation=organisation
        )
        if reason:
            raise PermissionDenied(reason)
        score = Score.objects.filter(round=round, commitment=commitment, organisation=organisation).first()
        if score is None:
            score = Score(round=round, commitment=commitment, organisation=organisation, author=actor)
    else:
        score = _locked(score)
        if not permissions.can_edit_score(actor, score):
            raise PermissionDenied(_("You may not change this score."))
    if score.state == Score.State.PUBLISHED:
        raise ValidationError(_("This score is published: start a revision to change it."))
    for field in CONTENT_TEXT:
        if field in values:
            setattr(score, field, (values[field] or "").strip())
    if evidence_file:
        score.evidence_file = evidence_file
    score.author = actor
    _check_era(score)
    score.full_clean()
    score.save()
    if verdicts:
        _save_verdicts(score, verdicts)
    return score


def _check_complete(score: Score) -> None:
    """What a score must say before it is published: every scale of its era, each with its
    justification, and evidence (a file or a link)."""
    errors: dict[str, str] = {}
    required = _("Required before the score is signed off.")
    potential, results = (
        ("potential_for_results", "early_results")
        if score.round.uses_2021_method
        else ("potential_impact", "open_government")
    )
    for field in (
        "completion",
        "completion_justification",
        potential,
        "potential_justification",
        results,
        "results_justification",
    ):
        if not getattr(score, field):
            errors[field] = required
    if not score.evidence_file and not score.evidence_url:
        errors["evidence_url"] = _("Give evidence: a file or a link.")
    if errors:
        raise ValidationError(errors)


def _notify_on_publish(version: ScoreVersion) -> None:
    from .notifications import notify_followers_of_score, notify_pocs_if_replied

    transaction.on_commit(lambda: notify_followers_of_score(version.pk))
    transaction.on_commit(lambda: notify_pocs_if_replied(version.pk))


@transaction.atomic
def score_sign_off(*, actor, score: Score) -> ScoreVersion:
    """Publish a draft: an administrator of the organisation (or its only member, then marked
    self-signed) signs it off; a new version is added, with the draft's verdicts."""
    given, score = score, _locked(score)
    if not permissions.can_sign_off(actor, score):
        raise PermissionDenied(_("Only an administrator of the organisation may sign off its scores."))
    _check_complete(score)
    # Signed off by whoever wrote it (a one-person organisation): the page says so.
    self_signed = actor.pk == score.author_id
    number = (score.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ScoreVersion(
        score=score,
        number=number,
        created_by=score.author,
        signed_off_by=actor,
        self_signed=self_signed,
        **{field: getattr(score, field) for field in rules.CONTENT_FIELDS if field != "evidence_file"},
    )
    version.evidence_file.name = score.evidence_file.name or ""
    version.full_clean()
    version.save()
    for verdict in MilestoneVerdict.objects.filter(score=score, version=None):
        MilestoneVerdict.objects.create(
            score=score,
            version=version,
            milestone_id=verdict.milestone_id,
            update_id=verdict.update_id,
            verdict=verdict.verdict,
            reason=verdict.reason,
            evidence_file=verdict.evidence_file.name or "",
            evidence_url=verdict.evidence_url,
        )
    score.state, score.is_public = Score.State.PUBLISHED, True
    score.signed_off_by, score.signed_off_at, score.self_signed = actor, version.created_at, self_signed
    score.save(
        update_fields=["state", "is_public", "signed_off_by", "signed_off_at", "self_signed", "updated_at"]
    )
    _notify_on_publish(version)
    given.refresh_from_db()
    return version


@transaction.atomic
def score_revise(*, actor, score: Score) -> Score:
    """Start a revision of a published score while its round is open: a new draft on top of the
    published version (which stays public until the revision is signed off)."""
    given, score = score, _locked(score)
    if not permissions.can_edit_score(actor, score):
        raise PermissionDenied(_("You may not revise this score."))
    if score.state != Score.State.PUBLISHED:
        return score
    score.state, score.author = Score.State.DRAFT, actor
    score.save(update_fields=["state", "author", "updated_at"])
    given.refresh_from_db()
    return score


@transaction.atomic
def reply_post(
    *, actor, score: Score, text: str, evidence_file: UploadedFile | None = None, evidence_url: str = ""
) -> ScoreReply:
    """The commitment's POCs' one reply to a published score."""
    if not permissions.can_reply(actor, score):
        raise PermissionDenied(_("You may not reply to this score."))
    reply = ScoreReply(score=score, author=actor, text=text.strip(), evidence_url=evidence_url)
    if evidence_file:
        reply.evidence_file = evidence_file
    reply.full_clean()
    reply.save()
    return reply


def _hide(item: Score | ScoreReply, actor, reason: str) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Only staff may hide scores and replies."))
    if not reason.strip():
        raise ValidationError({"hidden_reason": _("Give the public reason for hiding it.")})
    item.hidden, item.hidden_reason, item.hidden_by, item.hidden_at = (
        True,
        reason.strip(),
        actor,
        timezone.now(),
    )
    item.full_clean()
    item.save()


@transaction.atomic
def score_hide(*, actor, score: Score, reason: str) -> Score:
    """Staff hide a score that breaks the site's rules: its place shows the public reason; nothing
    is deleted."""
    _hide(score, actor, reason)
    return score


@transaction.atomic
def reply_hide(*, actor, reply: ScoreReply, reason: str) -> ScoreReply:
    _hide(reply, actor, reason)
    return reply
