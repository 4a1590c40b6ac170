from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from tracker.navigation import MAIN, NAVIGATION_HOOK, NavItem


@hooks.register(NAVIGATION_HOOK)
def explorer_in_the_menu(request) -> list[NavItem]:
    match = getattr(request, "resolver_match", None)
    return [
        NavItem(
            label=_("Explore commitments"),
            url=reverse("commitments:explorer"),
            menu=MAIN,
            order=100,
            current=bool(match and match.view_name == "commitments:explorer"),
        )
    ]
