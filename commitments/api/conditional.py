"""ETag and Last-Modified on every API response, and 304 Not Modified to a client that has it.

The record has one version, the page cache's (``tracker.page_cache.data_version()``: bumped when
any record model is saved or deleted, after a signed-in write, and by the ``page_cache_version``
hooks), so one change makes cached pages, API responses and the bulk download stale together.
The API adds two things to it:

- today's date, as the page cache does: red flags (an overdue milestone, a stale commitment)
  change at midnight with no write;
- when this version was first seen (in the shared cache), for Last-Modified: the record version's
  own time does not move when only a hook's version does.

The ETag is a digest of that version, the absolute URL with its query, and the representation
asked for (``Accept``), so it differs between URLs and between JSON and the browsable pages.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import condition

from tracker.page_cache import data_version as record_data_version

SEEN_KEY = "commitments_api:seen:"
SEEN_SECONDS = 30 * 24 * 3600  # past versions are forgotten (a Last-Modified then moves forward)


def data_version() -> str:
    """A token for the public record as it is now (and today)."""
    version, _stamp = record_data_version()
    return hashlib.sha256(f"{version}|{timezone.localdate().isoformat()}".encode()).hexdigest()[:32]


def version_time(version: str) -> datetime.datetime:
    """When the shared cache first saw ``version``: the record's Last-Modified (to the second)."""
    now = timezone.now().replace(microsecond=0)
    cache.add(SEEN_KEY + version, now, SEEN_SECONDS)
    return cache.get(SEEN_KEY + version) or now


def _version(request) -> str:
    # The ETag and the Last-Modified of one response read the version once.
    if not hasattr(request, "_api_data_version"):
        request._api_data_version = data_version()
    return request._api_data_version


def _etag(request, *args, **kwargs) -> str:
    key = "|".join((_version(request), request.build_absolute_uri(), request.META.get("HTTP_ACCEPT", "")))
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def _last_modified(request, *args, **kwargs):
    return version_time(_version(request))


conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


class ConditionalMixin:
    """For DRF views: answer GET and HEAD conditionally (ETag, Last-Modified, 304)."""

    @method_decorator(conditional)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
