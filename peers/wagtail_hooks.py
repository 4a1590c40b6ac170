"""Peers in Wagtail's admin: staff (Django model permissions) see and change networks' members
and people (a person's groups follow through ``receivers``; join requests are decided on the
network's front-end page, where staff count as administrators), and the site's menu links to the
peers pages."""

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page

from tracker.navigation import NAVIGATION_HOOK, NavItem

from .models import NetworkMember, NetworkPerson, PeersIndexPage


class NetworkMemberViewSet(ModelViewSet):
    model = NetworkMember
    icon = "group"
    menu_label = _("Network members")
    list_display = ["network", "name", "role"]
    list_filter = ["network", "role"]
    form_fields = ["network", "ogp_member", "organisation", "role", "joined_on"]


class NetworkPersonViewSet(ModelViewSet):
    model = NetworkPerson
    icon = "user"
    menu_label = _("People in networks")
    list_display = ["user", "network", "organisation", "role"]
    list_filter = ["network", "role"]
    form_fields = ["network", "user", "organisation", "role"]


class PeersViewSetGroup(ModelViewSetGroup):
    menu_label = _("Peer networks")
    menu_icon = "group"
    menu_order = 250
    items = (NetworkMemberViewSet, NetworkPersonViewSet)


@hooks.register("register_admin_viewset")
def register_peers_viewsets():
    return PeersViewSetGroup()


@hooks.register(NAVIGATION_HOOK)
def peers_in_the_menu(request) -> list[NavItem]:
    # By its content type (indexed), as a plain page (its URL is all the menu needs): joined from
    # its own table, SQLite walked every page of the tree when there was none (3-4 ms at 20k).
    index = Page.objects.live().exact_type(PeersIndexPage).order_by("path").first()
    if index is None:
        return []
    url = index.get_url(request) or ""
    current = bool(url) and request.path.startswith(url)
    return [NavItem(label=_gettext("Peers"), url=url, order=150, current=current)]
