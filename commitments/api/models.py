"""The bulk download: one row per build of the whole public record as gzipped JSON Lines."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataDump(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.CharField(_("data version"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to="open-data/", blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    records = models.PositiveIntegerField(_("records"), default=0)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("built"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("open data download")
        verbose_name_plural = _("open data downloads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version[:12]} ({self.status})"
