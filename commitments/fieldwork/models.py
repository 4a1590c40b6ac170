"""Site visits (what people saw on site, with photos) and consultations ("you said, we did").

Both are plain models written through ``services`` and read through ``selectors``. Nothing is
deleted: staff hide a visit with a public reason (``SiteVisit.hidden_reason``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker.models import Sector

from .. import rules
from ..models import ActionPlanPage, CommitmentPage, Milestone, evidence_storage


class SiteVisit(models.Model):
    """A signed-in person's visit to a milestone's site: when, what they saw, the status they
    observed, where (from a photo's GPS or typed in) and photos (``VisitPhoto``)."""

    class LocationSource(models.TextChoices):
        NONE = "", _("Not given")
        PHOTO = "photo", _("From the photo")
        TYPED = "typed", _("Typed in")

    # A milestone removed from its commitment (in the admin, or by publishing an older
    # revision) leaves its visits on the commitment with the title they were recorded under:
    # the page's edit never fails on them, and no visit is lost.
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="site_visits",
        verbose_name=_("milestone"),
    )
    milestone_title = models.CharField(_("milestone visited"), max_length=500)
    # The milestone's commitment, kept here so a commitment's visits are one indexed query.
    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.PROTECT, related_name="site_visits", verbose_name=_("commitment")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="site_visits",
        verbose_name=_("author"),
    )
    visited_on = models.DateField(_("date of the visit"))
    observations = models.TextField(_("what you saw"))
    observed_status = models.CharField(
        _("status you observed"), max_length=16, choices=rules.MilestoneStatus.choices
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_source = models.CharField(
        _("location from"), max_length=8, choices=LocationSource.choices, blank=True
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Moderation: staff hide a visit (personal data, abuse) with a reason the public sees.
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "-pk"]
        # A commitment's visits, newest first, read in index order (a page of them costs the same
        # whatever their number).
        indexes = [models.Index(fields=["commitment", "visited_on", "id"], name="site_visit_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden=False) | ~models.Q(hidden_reason=""),
                name="site_visit_hidden_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone_title} – {self.visited_on}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class VisitModeration(models.Model):
    """One moderation step on a visit: hidden (with the public reason) or shown again (with
    why). Append-only: the services add one per step, nothing changes or deletes one, so a hide
    stays in the visit's history after it is undone."""

    class Action(models.TextChoices):
        HIDDEN = "hidden", _("Hidden by moderators")
        SHOWN = "shown", _("Shown again by moderators")

    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="moderation")
    action = models.CharField(_("what"), max_length=8, choices=Action.choices)
    reason = models.TextField(_("public reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("visit moderation")
        verbose_name_plural = _("visit moderation")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


def visit_photo_path(instance: VisitPhoto, filename: str) -> str:
    return f"visits/{timezone.now():%Y/%m}/{filename}"


class VisitPhoto(models.Model):
    """One photo of a visit, stored re-encoded with no metadata (``photos.photo_clean``), with
    its thumbnail. Kept in the private evidence storage and served by a view, so a hidden visit's
    photos are hidden too."""

    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=visit_photo_path, storage=evidence_storage)
    thumbnail = models.FileField(_("thumbnail"), upload_to=visit_photo_path, storage=evidence_storage)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.visit} #{self.sort_order + 1}"


class Consultation(models.Model):
    """A consultation a POC or the forum held on a commitment or on a whole action plan."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")
        WRITTEN = "written", _("Written comments")

    commitment = models.ForeignKey(
        CommitmentPage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("commitment"),
    )
    plan = models.ForeignKey(
        ActionPlanPage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("action plan"),
    )
    held_on = models.DateField(_("date held"))
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    summary = models.TextField(_("what was consulted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(commitment__isnull=False) & models.Q(plan__isnull=True))
                | (models.Q(commitment__isnull=True) & models.Q(plan__isnull=False)),
                name="consultation_on_commitment_or_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.held_on}"

    @property
    def subject(self):
        return self.commitment if self.commitment_id else self.plan


class ConsultationParticipation(models.Model):
    """How many people of one sector took part."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participation")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants of a sector")
        verbose_name_plural = _("participants by sector")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "sector"], name="consultation_sector_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()}: {self.count}"


class ConsultationInput(models.Model):
    """One thing people said, and the government's answer: "you said, we did"."""

    class Answer(models.TextChoices):
        PENDING = "", pgettext_lazy("consultation answer", "Not answered yet")
        ADOPTED = "adopted", pgettext_lazy("consultation answer", "Adopted")
        ADOPTED_IN_PART = "adopted_in_part", pgettext_lazy("consultation answer", "Adopted in part")
        NOT_ADOPTED = "not_adopted", pgettext_lazy("consultation answer", "Not adopted")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="inputs")
    said = models.TextField(_("you said"))
    sector = models.CharField(_("from"), max_length=20, choices=Sector.choices, blank=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    reason = models.TextField(_("we did / reason"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.said[:80]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.answer and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the answer.")})
        if self.reason.strip() and not self.answer:
            raise ValidationError({"answer": _("Choose the answer the reason explains.")})
