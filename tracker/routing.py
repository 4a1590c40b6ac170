"""A page and its ancestors in one query, specific, for the site root's ``route``.

Wagtail routes ``/eloria/ap_eaa01/eaa0001/`` one level at a time: each level is a query for the
child by slug and another for its specific page, so a commitment costs six queries before its
own code runs, and its breadcrumbs, its view restrictions and its facts cost more. Here the
pages on the path (the site root excluded) come in one query: matched by ``url_path`` (which
Wagtail keeps in step with the slugs), joined to their specific tables (every concrete page
model that extends ``Page`` directly), to what a page model asks for in
``routing_select_related``, and annotated with whether a view restriction sits on each and
with what a page model asks in ``routing_annotations()`` (kept as ``routed_checks``).

The site root and its ancestors come in the same query, for their view restrictions. The routed page keeps
its ancestors (``routed_ancestors``) and whether any page on its path is
restricted (``routed_unrestricted``: see ``RoutedPage.get_view_restrictions``). Anything out of
the ordinary (a path that is not all pages, an alias on the path, a deeper page model) falls
back to Wagtail's own routing, so the result is always the one Wagtail gives.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.http.request import split_domain_port

from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import SiteRootPath

from .permissions import MEMO_ATTRIBUTE, person_facts


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


def _checks() -> dict:
    """Every page model's ``routing_annotations()`` (computed on each row; each page keeps its
    own model's as ``routed_checks``)."""
    _joins, accessors = _specific_joins()
    checks: dict = {}
    for model in accessors:
        if annotations := getattr(model, "routing_annotations", None):
            checks.update(annotations())
    return checks


def route_in_one_query(root: Page, path_components: list[str]) -> Page | None:
    """The specific, published-or-not page at ``path_components`` below ``root``, with its
    ancestors below ``root`` loaded; None when Wagtail's own routing should decide."""
    if not path_components:
        return None
    joins, accessors = _specific_joins()
    checks = _checks()
    url_paths = [
        root.url_path + "/".join(path_components[:end]) + "/" for end in range(1, len(path_components) + 1)
    ]
    # The root and its ancestors come too (not joined: they are known), for their restrictions.
    above = [root.path[: depth * Page.steplen] for depth in range(1, root.depth + 1)]
    found = list(
        Page.objects.filter(Q(path__in=above) | Q(url_path__in=url_paths, path__startswith=root.path))
        .select_related(*joins)
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))), **checks)
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
        if annotations := getattr(type(specific), "routing_annotations", None):
            specific.routed_checks = {name: getattr(page, name) for name in annotations()}
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


def without_view_restrictions(queryset):
    """``queryset.public()`` in the same query: pages no view restriction covers (on them or
    on a page above them), as a subquery, where Wagtail's ``public()`` first reads every
    restriction of the site."""
    outer_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    covering = PageViewRestriction.objects.annotate(restricted_path=outer_path).filter(
        restricted_path__startswith=F("page__path")
    )
    return queryset.exclude(Exists(covering))


# -- the site, its root page and the site root paths: one query per request -------------------


def _match(site: Site, hostname: str, port: int) -> int | None:
    """How ``get_site_for_hostname`` ranks a site for this host (None: not a candidate)."""
    if site.hostname == hostname and site.port == port:
        return 0
    if site.hostname == hostname and site.is_default_site:
        return 1
    if site.is_default_site:
        return 2
    return 3 if site.hostname == hostname else None


def site_for(sites: list[Site], hostname: str, port: int) -> Site | None:
    """The site Wagtail's ``Site.find_for_request`` picks for this host, from every site."""
    ranked = sorted(
        ((rank, site) for site in sites if (rank := _match(site, hostname, port)) is not None),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (0, 1):
        return ranked[0][1]
    if ranked[0][0] == 2:
        return ranked[len(ranked) == 2][1]
    return None


def site_root_paths(sites: list[Site]) -> list[SiteRootPath]:
    """``Site.get_site_root_paths()`` (one language per site) from every site, as Wagtail
    orders them: the longest root path first, the default site first, then by hostname."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code)
        for site in ordered
    ]


class SiteLookupMiddleware:
    """Before Wagtail serves a page: every site with its root page (specific) and locale in one
    query, which gives Wagtail its site for the request, the root page it routes from and the
    site root paths its page URLs need, where it reads them in three queries (the root paths
    from the cache when warm). With translated sites (``WAGTAIL_I18N_ENABLED``), Wagtail's way.

    It also gives the request's user a memo (``tracker.permissions.remembered``): the panels'
    permission checks find the person's groups, two-factor and verified email read in one query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve as wagtail_serve  # not while models load

        if view_func is not wagtail_serve:
            return None
        # Rendering a page asks the same questions of the person many times: read each once.
        if (user := getattr(request, "user", None)) is not None:
            setattr(user, MEMO_ATTRIBUTE, person_facts(user))
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        if hasattr(request, "_wagtail_site"):
            return None
        hostname = split_domain_port(request.get_host())[0]
        try:
            port = int(request.get_port())
        except ValueError:
            return None
        joins, accessors = _specific_joins()
        sites = list(
            Site.objects.select_related(
                "root_page", "root_page__locale", *(f"root_page__{join}" for join in joins)
            )
        )
        site = site_for(sites, hostname, port)
        for each in sites:
            accessor = accessors.get(each.root_page.specific_class)
            if accessor and (specific := getattr(each.root_page, accessor, None)) is not None:
                each.root_page.__dict__["specific"] = specific  # Page.specific is a cached_property
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = site_root_paths(sites)
        return None
