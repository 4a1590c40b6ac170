"""The site's menus, filled by the apps: tracker knows no app's pages.

An app adds its links with a Wagtail hook named ``NAVIGATION_HOOK``: a function of the request
that returns ``NavItem``s (none for people the page would not let in). ``base.html`` shows the
``main`` items in the main menu and the ``account`` items in the signed-in person's menu, each
menu in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

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
