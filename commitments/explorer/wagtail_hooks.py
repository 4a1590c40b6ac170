from django.utils.translation import gettext as _

from wagtail import hooks

from tracker.navigation import NAVIGATION_HOOK, NavItem, nav_link
from tracker.page_cache import VERSION_HOOK as PAGE_CACHE_VERSION_HOOK

from .facts import FACTS_VERSION_KEY, facts_version


@hooks.register(NAVIGATION_HOOK)
def explorer_in_the_menu(request) -> list[NavItem]:
    return [nav_link(request, _("Explore commitments"), "commitments:explorer", order=100)]


@hooks.register(PAGE_CACHE_VERSION_HOOK)
def facts_version_for_the_page_cache() -> str:
    # Bulk imports write the facts without model signals, and bump this version instead.
    return facts_version()


# Read with the page cache's other keys, in its one round trip (tracker.page_cache.page_lookup).
facts_version_for_the_page_cache.cache_key = FACTS_VERSION_KEY
