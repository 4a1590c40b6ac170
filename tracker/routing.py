"""A page and its ancestors in one query, specific, for the site root's ``route``.

Wagtail routes ``/eloria/ap_eaa01/eaa0001/`` one level at a time: each level is a query for the
child by slug and another for its specific page, so a commitment costs six queries before its
own code runs, and its breadcrumbs, its view restrictions and its facts cost more. Here the
pages on the path (the site root excluded) come in one query: matched by ``url_path`` (which
Wagtail keeps in step with the slugs), joined to their specific tables (every concrete page
model that extends ``Page`` directly), to what a page model asks for in
``routing_select_related``, and annotated with whether a view restriction sits on each.

The site root and its ancestors come in the same query, for their view restrictions. The routed page keeps
its ancestors (``routed_ancestors``) and whether any page on its path is
restricted (``routed_unrestricted``: see ``RoutedPage.get_view_restrictions``). Anything out of
the ordinary (a path that is not all pages, an alias on the path, a deeper page model) falls
back to Wagtail's own routing, so the result is always the one Wagtail gives.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Exists, OuterRef, Q

from wagtail.models import Page, PageViewRestriction, get_page_models


@cache
def _specific_joins() -> tuple[tuple[str, ...], dict[type, str]]:
    """What to ``select_related`` from ``Page``: each direct subclass's one-to-one, and what it
    asks for; and each such model's accessor on ``Page``."""
    joins: list[str] = []
    accessors: dict[type, str] = {}
    for model in get_page_models():
        if model is Page or model._meta.abstract or model._meta.proxy:
            continue
        link = model._meta.parents.get(Page)
        if link is None or set(model._meta.parents) != {Page}:
            continue
        accessor = link.remote_field.get_accessor_name()
        accessors[model] = accessor
        joins.append(accessor)
        joins.extend(f"{accessor}__{extra}" for extra in getattr(model, "routing_select_related", ()))
    return tuple(joins), accessors


def route_in_one_query(root: Page, path_components: list[str]) -> Page | None:
    """The specific, published-or-not page at ``path_components`` below ``root``, with its
    ancestors below ``root`` loaded; None when Wagtail's own routing should decide."""
    if not path_components:
        return None
    joins, accessors = _specific_joins()
    url_paths = [
        root.url_path + "/".join(path_components[:end]) + "/" for end in range(1, len(path_components) + 1)
    ]
    # The root and its ancestors come too (not joined: they are known), for their restrictions.
    above = [root.path[: depth * Page.steplen] for depth in range(1, root.depth + 1)]
    found = list(
        Page.objects.filter(Q(path__in=above) | Q(url_path__in=url_paths, path__startswith=root.path))
        .select_related(*joins)
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .order_by("depth")
    )
    pages = found[root.depth :]
    if [page.path for page in found[: root.depth]] != above or [page.url_path for page in pages] != url_paths:
        return None
    if any(page.alias_of_id for page in found):
        return None
    chain: list[Page] = []
    for page in pages:
        accessor = accessors.get(page.specific_class)
        specific = getattr(page, accessor, None) if accessor else None
        if specific is None:
            return None
        chain.append(specific)
    parent = root
    for page in chain:
        page._cached_parent_obj = parent
        parent = page
    target = chain[-1]
    target.routed_ancestors = chain[:-1]
    target.routed_unrestricted = not any(page.restricted for page in found)
    return target


class RoutedPage:
    """Mixed into page models: no query for view restrictions when routing saw none on the path."""

    def get_view_restrictions(self):
        if getattr(self, "routed_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
