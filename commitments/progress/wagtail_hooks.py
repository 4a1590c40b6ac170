from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from tracker.navigation import ACCOUNT, NAVIGATION_HOOK, NavItem

from .. import permissions


@hooks.register(NAVIGATION_HOOK)
def progress_pages_in_the_menu(request) -> list[NavItem]:
    """My commitments and Reviews, only for those the pages let in (no query for visitors)."""
    offered = permissions.navigation(getattr(request, "user", None))
    items = []
    if offered["my_commitments"]:
        items.append(NavItem(_("My commitments"), reverse("commitments:my_commitments"), ACCOUNT, 100))
    if offered["reviews"]:
        items.append(NavItem(_("Reviews"), reverse("commitments:review_queue"), ACCOUNT, 110))
    return items
