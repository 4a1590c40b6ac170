"""ETag and Last-Modified on every API response, and 304 Not Modified to a client that has it.

The ETag is a digest of the data version (``versions.data_version()``), the absolute URL with
its query, and the representation asked for (``Accept``), so it changes when the record
changes, and differs between URLs and between JSON and the browsable pages.
"""

from __future__ import annotations

import hashlib

from django.utils.decorators import method_decorator
from django.views.decorators.http import condition

from .versions import data_version, version_time


def _etag(request, *args, **kwargs) -> str:
    key = "|".join(
        (
            data_version(),
            request.build_absolute_uri(),
            request.META.get("HTTP_ACCEPT", ""),
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def _last_modified(request, *args, **kwargs):
    return version_time(data_version())


conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


class ConditionalMixin:
    """For DRF views: answer GET and HEAD conditionally (ETag, Last-Modified, 304)."""

    @method_decorator(conditional)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
