"""What the sub-packages add to the record's pages, without the record knowing them.

A page of the tree (member, action plan, commitment) builds its own context from
``selectors``, then asks every contributor registered for its type. The progress loop adds the
follow box, progress and the timeline this way; later features add their panels the same way,
from their own AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

Contributor = Callable[..., dict]
_contributors: list[tuple[tuple[type, ...], Contributor]] = []


def contributes_to(*page_types: type) -> Callable[[Contributor], Contributor]:
    """Register ``fn(page, request, context) -> dict`` for pages of these types (once each)."""

    def register(fn: Contributor) -> Contributor:
        if all(existing is not fn for _types, existing in _contributors):
            _contributors.append((page_types, fn))
        return fn

    return register


def contributed_context(page, request: HttpRequest | None, context: dict) -> dict:
    """What the registered contributors add to ``context`` for ``page``."""
    extra: dict = {}
    for page_types, fn in _contributors:
        if isinstance(page, page_types):
            extra.update(fn(page, request, {**context, **extra}))
    return extra


# -- what a panel may know from the page's own query ---------------------------------------------

# name -> fn() giving an ``Exists(...)`` on ``OuterRef("pk")`` (the page's pk): evaluated in the
# query that routes to a commitment (``tracker.routing``), so that a panel with nothing to show
# reads nothing. Registered from a sub-package's AppConfig.ready(), like the contributors.
_checks: dict[str, Callable[[], object]] = {}


def routing_check(name: str) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register ``fn() -> Exists(...)`` as ``name``, asked of the page's row when routed."""

    def register(fn: Callable[[], object]) -> Callable[[], object]:
        _checks[name] = fn
        return fn

    return register


def routing_checks() -> dict[str, object]:
    """The registered checks as expressions, for the routing query."""
    return {name: fn() for name, fn in _checks.items()}


def known_empty(page, name: str) -> bool:
    """Whether the routing query found nothing for ``name`` on this page (False when it was not
    asked: a page not routed, a preview)."""
    return getattr(page, "routed_checks", {}).get(name) is False
