"""A PDF report of a member, an action plan or a commitment, in one language, at one data version.

A report is identified by what it shows (kind, page, language) and by a digest of the data it
was made from (``reports.versions``): asking again while the data is unchanged finds the same
row and its stored file; any change makes a new digest, so a new row and a new render.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("member report")
        ACTION_PLAN = "action_plan", _("action plan report")
        COMMITMENT = "commitment", _("commitment report")
        SHADOW = "shadow", _("shadow report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=8)
    # A shadow report (an organisation's own scores across an action plan, in one round): the
    # page is the plan; these say whose scores and which round. Empty for other kinds.
    scoring_round = models.ForeignKey(
        "commitments_scores.ScoringRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scoring round"),
    )
    organisation = models.ForeignKey(
        "tracker.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    version = models.CharField(_("data version"), max_length=64)
    data_changed_at = models.DateTimeField(_("data last changed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    seconds = models.FloatField(_("seconds to render"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "page", "language", "version"], name="report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id} {self.language} {self.version[:8]}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def step(self) -> int:
        """1 waiting, 2 being made, 3 done (ready or failed): for the visitor's progress bar."""
        return {self.Status.QUEUED: 1, self.Status.RUNNING: 2}.get(self.status, 3)


class SpreadsheetExport(models.Model):
    """The explorer's XLSX export of a large filtered set, made in the background.

    Identified by what it shows (``key``: the filter query, the language and the site's address,
    which its links use) and by the data's version (``version``: the explorer's facts version
    and the day, since lateness changes at midnight): asking again for the same set while the
    data is unchanged finds the same row and its file.
    """

    Status = Report.Status

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(_("what it shows"), max_length=64)
    query = models.TextField(_("filters"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    base_url = models.CharField(_("site address"), max_length=200)
    version = models.CharField(_("data version"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Report.Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet export")
        verbose_name_plural = _("spreadsheet exports")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="spreadsheet_export_unique_version")
        ]

    def __str__(self) -> str:
        return f"xlsx {self.query or '-'} {self.language} {self.version[:8]}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
