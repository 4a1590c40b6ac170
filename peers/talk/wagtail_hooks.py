"""Wagtail's admin asks the talk's policy before anyone creates or edits an event (page
permissions on the network's subtree are not enough: the network's editors decide events)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from wagtail import hooks

from ..models import NetworkPage
from . import permissions as policy


def _network_of(page) -> NetworkPage | None:
    return NetworkPage.objects.filter(pk=page.pk).first() if page is not None else None


@hooks.register("before_create_page")
def only_network_editors_create_events(request, parent_page, page_class):
    from .models import EventPage

    if issubclass(page_class, EventPage):
        network = _network_of(parent_page)
        if network is None or not policy.can_create_event(request.user, network):
            raise PermissionDenied


@hooks.register("before_edit_page")
def only_network_editors_edit_events(request, page):
    from .models import EventPage

    if isinstance(page.specific_deferred, EventPage):
        network = _network_of(page.get_parent())
        if network is None or not policy.can_create_event(request.user, network):
            raise PermissionDenied
