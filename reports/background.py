"""A file made in the background: the flow the PDF reports (``views``, ``tasks``) and the
explorer's big XLSX exports (``spreadsheet_views``, ``spreadsheets``) share.

A visitor asks by POST. The request never makes the file: it finds the row for what was asked
and the data's version; ready, the visitor goes straight to the file; being made, to its status
page; otherwise (new, or failed before) it is queued on the "reports" task backend, within a
per-visitor limit, and the visitor goes to its status page. A worker claims the row, makes the
file and stores it, or says why it could not. Each kind keeps what differs: how it is asked
for, what it makes, and how its status page shows progress.

A row (``Report``, ``SpreadsheetExport``) has ``status`` (``Report.Status``), ``error``,
``file``, ``started_at``, ``finished_at`` and ``is_pending``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import Report

logger = logging.getLogger(__name__)

LIMIT_WINDOW = 600  # seconds

Status = Report.Status


def _visitor_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return "reports:visitor:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def over_limit(request: HttpRequest) -> bool:
    """Count a new file for this visitor; True if they have asked for too many lately."""
    limit = getattr(settings, "REPORTS_PER_VISITOR", 10)
    key = _visitor_key(request)
    cache.add(key, 0, LIMIT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LIMIT_WINDOW)
        count = 1
    return count > limit


@dataclass(frozen=True)
class BackgroundFile:
    """One kind of file made in the background: its rows, its task (given the row's id), and
    its status and download pages (URL names taking the row's id as ``url_kwarg``)."""

    model: type
    task: Any
    status_url: str
    download_url: str
    url_kwarg: str

    def to_status(self, item) -> HttpResponse:
        return redirect(self.status_url, **{self.url_kwarg: item.pk})

    def to_download(self, item) -> HttpResponse:
        return redirect(self.download_url, **{self.url_kwarg: item.pk})

    def find_or_queue(
        self,
        request: HttpRequest,
        *,
        lookup: dict,
        create: dict,
        too_many: Callable[[], HttpResponse],
        retry: dict | None = None,
    ) -> HttpResponse:
        """The answer to the ask: the file's row found by ``lookup`` (unique), or created with
        ``create`` besides, or a failed one queued again (with ``retry``'s fields reset too);
        ``too_many()`` when the visitor is over the limit (sent with Retry-After)."""
        retry = retry or {}
        item = self.model.objects.filter(**lookup).first()
        if item is not None and item.status == Status.READY:
            return self.to_download(item)
        if item is not None and item.is_pending:
            return self.to_status(item)
        if over_limit(request):
            response = too_many()
            response["Retry-After"] = str(LIMIT_WINDOW)
            return response
        try:
            with transaction.atomic():
                if item is None:
                    item = self.model.objects.create(**lookup, **create)
                else:  # failed before: try again
                    item.status = Status.QUEUED
                    item.error = ""
                    for field, value in retry.items():
                        setattr(item, field, value)
                    item.save(update_fields=["status", "error", *retry])
                item_id = str(item.pk)
                transaction.on_commit(lambda: self.task.enqueue(item_id))
        except IntegrityError:  # someone else asked for the same file at the same moment
            item = self.model.objects.get(**lookup)
        return self.to_status(item)

    def download(self, item, *, name: Callable[[Any], str], content_type: str, missing: str) -> HttpResponse:
        """The file as an attachment named ``name(item)``; its status page while it is not
        ready; 404 saying ``missing`` when its row is ready but its file is gone."""
        if item.status != Status.READY or not item.file:
            return self.to_status(item)
        try:
            handle = item.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404(missing) from exc
        return FileResponse(handle, as_attachment=True, filename=name(item), content_type=content_type)


def status_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A status page: never stored by a browser or a cache, as it changes until the file is made."""
    response = TemplateResponse(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


class CouldNotMake(Exception):
    """A file that could not be made for a reason the visitor is told: ``reason``, in English
    (stored so, and translated when shown, in the visitor's language rather than the worker's);
    ``detail`` is for the log."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


def make_file(
    model: type,
    item_id: str,
    make: Callable[[Any], Any],
    keep: Callable[[Any, Any], None],
    *,
    label: str,
    failure: str,
    reset: dict | None = None,
) -> str:
    """The worker's part: claim the row (with ``reset``'s fields reset too), ``make(row)`` its
    file, ``keep(row, made)`` what it made, and store the outcome; returns the final status.
    Safe to call twice: a row already made (or gone) is left alone. ``failure`` is the visitor's
    reason when ``make`` fails other than by ``CouldNotMake``; ``label`` names the row in the log."""
    reset = reset or {}
    with transaction.atomic():
        item = model.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.status == Status.READY:
            return item.status if item else "missing"
        item.status = Status.RUNNING
        item.started_at = timezone.now()
        for field, value in reset.items():
            setattr(item, field, value)
        item.error = ""
        item.save(update_fields=["status", "started_at", *reset, "error"])
    try:
        made = make(item)
    except CouldNotMake as exc:
        logger.warning("%s %s failed: %s", label, item_id, exc.detail)
        item.status = Status.FAILED
        item.error = exc.reason
    except Exception:
        logger.exception("%s %s failed", label, item_id)
        item.status = Status.FAILED
        item.error = failure
    else:
        keep(item, made)
        item.status = Status.READY
    item.finished_at = timezone.now()
    item.save()
    return item.status
