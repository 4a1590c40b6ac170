"""Endpoints that apps above ``commitments`` add to ``/api/v1/``.

The layering forbids ``commitments`` from importing ``peers``, so peers' endpoints cannot be
registered in ``urls``. Instead, peers calls ``api_endpoint(...)`` from its AppConfig.ready()
(which runs before any URLconf is loaded), and ``urls`` registers every endpoint given here on
the same router: one root, one ``api`` namespace, one OpenAPI document, the same ETags, paging
and throttling.
"""

from __future__ import annotations

from collections.abc import Callable

_endpoints: dict[str, tuple[type, str]] = {}
_bulk_kinds: dict[str, tuple[str, Callable, type, Callable | None]] = {}


def api_endpoint(prefix: str, viewset: type, basename: str) -> None:
    """Serve ``viewset`` at ``/api/v1/<prefix>/`` (its URL names ``api:<basename>-list|detail``)."""
    _endpoints[prefix] = (viewset, basename)


def endpoints() -> list[tuple[str, type, str]]:
    """Every endpoint given, in the order they were given."""
    return [(prefix, viewset, basename) for prefix, (viewset, basename) in _endpoints.items()]


def bulk_kind(
    kind: str, label: str, queryset: Callable, serializer: type, chunk_context: Callable | None = None
):
    """Write ``queryset()``'s records into the bulk download as ``{"type": kind, ...}`` with
    ``serializer`` (documented on the open-data page under ``label``); ``chunk_context(records)``
    adds what the serializer needs to know of each chunk (read once per chunk)."""
    _bulk_kinds[kind] = (label, queryset, serializer, chunk_context)


def bulk_kinds() -> list[tuple[str, str, Callable, type, Callable | None]]:
    """Every bulk kind given, in the order they were given."""
    return [(kind, *entry) for kind, entry in _bulk_kinds.items()]
