"""Keeping report storage in bounds: every change to a page's data makes a new report, so old
versions pile up. ``reports_prune`` keeps, for each page and language (and a shadow report's round and
organisation), the newest ready report
(what a visitor would be given if the data had not changed since) and removes the others once
they are older than a grace period; a report being made is never touched."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Report


def reports_prune(*, older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Delete superseded and failed reports asked for before ``now - older_than``, with their
    files. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - older_than
    newest_ready: dict[tuple, str] = {}
    # A shadow report's subject is also its round and organisation: one per plan is not enough.
    for pk, kind, page_id, language, round_id, organisation_id in (
        Report.objects.filter(status=Report.Status.READY)
        .order_by("kind", "page_id", "language", "scoring_round_id", "organisation_id", "-created_at", "-pk")
        .values_list("pk", "kind", "page_id", "language", "scoring_round_id", "organisation_id")
    ):
        newest_ready.setdefault((kind, page_id, language, round_id, organisation_id), pk)
    doomed = (
        Report.objects.filter(created_at__lt=cutoff, status__in=[Report.Status.READY, Report.Status.FAILED])
        .exclude(pk__in=newest_ready.values())
        .only("pk", "file")
    )
    deleted = 0
    for report in doomed.iterator():
        with transaction.atomic():
            report.delete()  # the file goes with it (reports.signals)
        deleted += 1
    return deleted
