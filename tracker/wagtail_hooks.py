from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation
from .navigation import NAVIGATION_HOOK, NavItem, nav_link


@hooks.register(NAVIGATION_HOOK)
def organisations_in_the_menu(request) -> list[NavItem]:
    return [
        nav_link(request, _gettext("Organisations"), "organisations:list", order=200, whole_namespace=True)
    ]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "sector", "country", "org_id"]
    list_filter = ["sector", "country"]
    ordering = ["name"]


register_snippet(OrganisationViewSet)
