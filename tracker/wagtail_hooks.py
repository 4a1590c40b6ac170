from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation
from .navigation import MAIN, NAVIGATION_HOOK, NavItem


@hooks.register(NAVIGATION_HOOK)
def organisations_in_the_menu(request) -> list[NavItem]:
    match = getattr(request, "resolver_match", None)
    return [
        NavItem(
            label=_gettext("Organisations"),
            url=reverse("organisations:list"),
            menu=MAIN,
            order=200,
            current=bool(match and match.namespace == "organisations"),
        )
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
