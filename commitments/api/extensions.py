"""Endpoints that apps above ``commitments`` add to ``/api/v1/``.

The layering forbids ``commitments`` from importing ``peers``, so peers' endpoints cannot be
registered in ``urls``. Instead, peers calls ``api_endpoint(...)`` from its AppConfig.ready()
(which runs before any URLconf is loaded), and ``urls`` registers every endpoint given here on
the same router: one root, one ``api`` namespace, one OpenAPI document, the same ETags, paging
and throttling.
"""

from __future__ import annotations

_endpoints: dict[str, tuple[type, str]] = {}


def api_endpoint(prefix: str, viewset: type, basename: str) -> None:
    """Serve ``viewset`` at ``/api/v1/<prefix>/`` (its URL names ``api:<basename>-list|detail``)."""
    _endpoints[prefix] = (viewset, basename)


def endpoints() -> list[tuple[str, type, str]]:
    """Every endpoint given, in the order they were given."""
    return [(prefix, viewset, basename) for prefix, (viewset, basename) in _endpoints.items()]
