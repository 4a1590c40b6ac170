from django.utils.translation import gettext as _

from wagtail import hooks

from tracker.navigation import NAVIGATION_HOOK, NavItem, nav_link


@hooks.register(NAVIGATION_HOOK)
def explorer_in_the_menu(request) -> list[NavItem]:
    return [nav_link(request, _("Explore commitments"), "commitments:explorer", order=100)]
