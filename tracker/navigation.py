"""The site's menus, filled by the apps: tracker knows no app's pages.

An app adds its links with a Wagtail hook named ``NAVIGATION_HOOK``: a function of the request
that returns ``NavItem``s (none for people the page would not let in). ``base.html`` shows the
``main`` items in the main menu and the ``account`` items in the signed-in person's menu, each
menu in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from wagtail import hooks

NAVIGATION_HOOK = "tracker_navigation"
MAIN = "main"
ACCOUNT = "account"


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    menu: str = MAIN
    order: int = 100
    current: bool = False


def nav_link(
    request, label: str, url_name: str, *, menu: str = MAIN, order: int = 100, whole_namespace: bool = False
) -> NavItem:
    """A menu item for a named URL: current on that URL or, with ``whole_namespace``, anywhere
    in its namespace ("organisations:list" for every organisation page)."""
    match = getattr(request, "resolver_match", None)
    namespace = url_name.rpartition(":")[0]
    current = bool(match) and (
        match.view_name == url_name or (whole_namespace and match.namespace == namespace)
    )
    return NavItem(label=label, url=reverse(url_name), menu=menu, order=order, current=current)


@dataclass(frozen=True)
class Menus:
    main: list[NavItem]
    account: list[NavItem]


def menus(request) -> Menus:
    items = [item for hook in hooks.get_hooks(NAVIGATION_HOOK) for item in hook(request)]
    items.sort(key=lambda item: item.order)
    return Menus(
        main=[item for item in items if item.menu == MAIN],
        account=[item for item in items if item.menu == ACCOUNT],
    )


def navigation(request) -> dict:
    """Context processor: ``nav`` (``nav.main``, ``nav.account``), worked out only if a
    template asks."""
    return {"nav": SimpleLazyObject(lambda: menus(request))}
