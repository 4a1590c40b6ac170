"""Civil-society scores: scoring rounds on an action plan; one score per organisation per
commitment per round, drafted by a member and published when an administrator signs it off;
each publication an append-only version; per-milestone verdicts on the government's updates;
one reply per score from the commitment's POCs. Staff may hide a score or reply, with a public
reason; nothing is deleted.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker.models import Organisation

from .. import irm
from ..models import ActionPlanPage, CommitmentPage, Milestone, ProgressUpdate, evidence_storage
from . import rules


def score_evidence_path(instance: models.Model, filename: str) -> str:
    return f"evidence/scores/{timezone.now():%Y/%m}/{filename}"


class ScoringRound(models.Model):
    """A period in which organisations score an action plan's commitments ("Mid-term 2025")."""

    action_plan = models.ForeignKey(
        ActionPlanPage, on_delete=models.PROTECT, related_name="scoring_rounds", verbose_name=_("action plan")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Mid-term 2025."))
    period_start = models.DateField(_("period covered: from"))
    period_end = models.DateField(_("period covered: to"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    allow_business = models.BooleanField(
        _("business organisations may score"),
        default=False,
        help_text=_("Civil society and academia always may."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    created_by = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="scoring_round_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="scoring_round_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period must end on or after its start.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The round must close on or after the day it opens.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, today=None) -> bool:
        """Open: not closed, and today between its opening and closing days (both included)."""
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    @property
    def uses_2021_method(self) -> bool:
        return rules.uses_2021_method(self.action_plan.start_year)


class ScoreContent(models.Model):
    """What a score says, on the IRM's scales of the plan's era (a draft, or a published version)."""

    completion = models.CharField(
        _("completion"), max_length=16, choices=rules.COMPLETION_CHOICES, blank=True
    )
    completion_justification = models.TextField(_("why this completion"), blank=True)
    potential_impact = models.CharField(
        _("potential impact"), max_length=16, choices=irm.PotentialImpact.choices, blank=True
    )
    potential_for_results = models.CharField(
        _("potential for results"), max_length=16, choices=irm.PotentialForResults.choices, blank=True
    )
    potential_justification = models.TextField(_("why this potential"), blank=True)
    open_government = models.CharField(
        _("did it open government?"), max_length=16, choices=irm.OpenGovernment.choices, blank=True
    )
    early_results = models.CharField(
        _("early results"), max_length=16, choices=irm.EarlyResults.choices, blank=True
    )
    results_justification = models.TextField(_("why these results"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=score_evidence_path, storage=evidence_storage, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def content(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in rules.CONTENT_FIELDS}


class Score(ScoreContent):
    """One organisation's score of one commitment in one round. Its own fields are the working
    draft; each sign-off publishes a ``ScoreVersion`` (the public record)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    round = models.ForeignKey(
        ScoringRound, on_delete=models.PROTECT, related_name="scores", verbose_name=_("round")
    )
    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.PROTECT, related_name="scores", verbose_name=_("commitment")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="scores", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    signed_off_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    self_signed = models.BooleanField(
        _("signed off by its author"),
        default=False,
        help_text=_("A one-person organisation signs off its own score; the page says so."),
    )
    # True once a version is published: the score is public, even while a revision is drafted.
    is_public = models.BooleanField(pgettext_lazy("a score", "published"), default=False, db_index=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("civil-society score")
        verbose_name_plural = _("civil-society scores")
        ordering = ["round", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "commitment", "organisation"],
                name="score_unique_round_commitment_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.commitment.ogp_id} ({self.round})"


class ScoreVersion(ScoreContent):
    """One published version of a score: append-only, never edited."""

    score = models.ForeignKey(
        Score, on_delete=models.PROTECT, related_name="versions", verbose_name=_("score")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(pgettext_lazy("a score", "published"), default=timezone.now)
    created_by = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    signed_off_by = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("signed off by")
    )
    self_signed = models.BooleanField(_("signed off by its author"), default=False)

    class Meta:
        verbose_name = _("score version")
        verbose_name_plural = _("score versions")
        ordering = ["score", "number"]
        constraints = [
            models.UniqueConstraint(fields=["score", "number"], name="score_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.score} v{self.number}"


class MilestoneVerdict(models.Model):
    """A score's verdict on a milestone's latest approved update: confirm, contest (with the
    reason and evidence) or cannot verify. ``version`` is empty on the draft's verdicts; each
    sign-off copies them onto the new version."""

    score = models.ForeignKey(
        Score, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("score")
    )
    version = models.ForeignKey(
        ScoreVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        verbose_name=_("version"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="score_verdicts", verbose_name=_("milestone")
    )
    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.PROTECT,
        related_name="score_verdicts",
        verbose_name=_("update judged"),
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=rules.Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=score_evidence_path, storage=evidence_storage, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("milestone verdict")
        verbose_name_plural = _("milestone verdicts")
        ordering = ["milestone__sort_order", "milestone_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["score", "milestone"],
                condition=models.Q(version__isnull=True),
                name="milestone_verdict_unique_draft",
            ),
            models.UniqueConstraint(
                fields=["version", "milestone"],
                condition=models.Q(version__isnull=False),
                name="milestone_verdict_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} – {self.get_verdict_display()}"


class ScoreReply(models.Model):
    """The commitment's POCs' one reply to a score, shown beside it."""

    score = models.OneToOneField(
        Score, on_delete=models.PROTECT, related_name="reply", verbose_name=_("score")
    )
    author = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("reply"))
    evidence_file = models.FileField(
        _("evidence file"), upload_to=score_evidence_path, storage=evidence_storage, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply to a score")
        verbose_name_plural = _("replies to scores")

    def __str__(self) -> str:
        return f"{_('Reply')} – {self.score}"
