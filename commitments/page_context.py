"""What the sub-packages add to the record's pages, without the record knowing them.

A page of the tree (member, action plan, commitment) builds its own context from
``selectors``, then asks every contributor registered for its type. The progress loop adds the
follow box, progress and the timeline this way; later features add their panels the same way,
from their own AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from tracker.page_cache import fragments_lookup

Contributor = Callable[..., dict]
_contributors: list[tuple[tuple[type, ...], Contributor, bool]] = []


def contributes_to(*page_types: type, outside_shared: bool = False) -> Callable[[Contributor], Contributor]:
    """Register ``fn(page, request, context) -> dict`` for pages of these types (once each).

    ``outside_shared``: what it gives is read outside the page's shared parts (the follow box,
    the actions), so it runs even when those parts come from the cache; it must be cheap.
    """

    def register(fn: Contributor) -> Contributor:
        if all(existing is not fn for _types, existing, _outside in _contributors):
            _contributors.append((page_types, fn, outside_shared))
        return fn

    return register


def contributed_context(
    page, request: HttpRequest | None, context: dict, *, outside_shared_only: bool = False
) -> dict:
    """What the registered contributors add to ``context`` for ``page`` (only those that give
    what lies outside the shared parts, with ``outside_shared_only``)."""
    extra: dict = {}
    for page_types, fn, outside in _contributors:
        if isinstance(page, page_types) and (outside or not outside_shared_only):
            extra.update(fn(page, request, {**context, **extra}))
    return extra


# -- what the viewer may do, for the page's shared parts -----------------------------------------

# A page's shared parts (``{% shared %}`` in its template, ``tracker.page_cache.fragments_lookup``)
# are kept per kind of viewer: what each feature's part shows that depends on the person (a
# button only some may use, a link for those signed in) comes from a function registered here,
# ``fn(page, request) -> dict`` of plain values (booleans, URLs, ids), put in the page's context
# and in the parts' key, so the key and the page cannot disagree. A function that sees something
# there that is the person's alone adds ``VIEWER_ALONE: True``: then nothing is shared.
VIEWER_ALONE = "viewer_alone"
Viewer = Callable[..., dict]
_viewers: list[tuple[tuple[type, ...], Viewer]] = []


def viewer_facts(*page_types: type) -> Callable[[Viewer], Viewer]:
    """Register ``fn(page, request) -> dict`` for pages of these types (once each)."""

    def register(fn: Viewer) -> Viewer:
        if all(existing is not fn for _types, existing in _viewers):
            _viewers.append((page_types, fn))
        return fn

    return register


def viewer_context(page, request: HttpRequest | None) -> dict:
    """Everything the registered functions say of this viewer on ``page``."""
    facts: dict = {}
    for page_types, fn in _viewers:
        if isinstance(page, page_types):
            facts.update(fn(page, request))
    return facts


def record_page_context(
    page,
    request: HttpRequest | None,
    context: dict,
    *,
    frame: Callable[[], dict],
    build: Callable[[], dict],
    parts: tuple[str, ...],
) -> dict:
    """A record page's context: what lies outside its shared parts (``frame()``: breadcrumbs…)
    and the viewer's facts; then, unless every shared part ``parts`` (the names of its
    template's ``{% shared %}`` blocks) was found in the cache, the page's own context
    (``build()``) and the contributors'. When they were all found, only the contributors of what
    lies outside them run (the follow box, the actions): the rest of the page is not read."""
    context.update(frame())
    viewer = viewer_context(page, request)
    context.update(viewer)
    shareable = (
        bool(parts)
        and request is not None
        and not viewer.get(VIEWER_ALONE)
        and not getattr(request, "is_preview", False)
    )
    fragments = fragments_lookup(request, tuple(parts), viewer) if shareable else None
    context["fragments"] = fragments
    if fragments is not None and fragments.complete:
        context.update(contributed_context(page, request, context, outside_shared_only=True))
        return context
    context.update(build())
    context.update(contributed_context(page, request, context))
    return context


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
