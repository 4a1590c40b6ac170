"""Receivers: the commitment page's panel, and the explorer's facts kept in step with links
(imports refresh the linked commitments' facts themselves, see ``importing``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page

from commitments.explorer.facts import facts_refresh_soon
from commitments.models import CommitmentPage
from commitments.page_context import VIEWER_ALONE, contributes_to, viewer_facts
from tracker.permissions import signed_in

from . import facts  # noqa: F401  (registers the facts contributor)
from .models import ProcessLink, ProjectLink
from .permissions import link_scope, unlinkable_in_scope
from .selectors import CommitmentContracting, contracting_for


@viewer_facts(CommitmentPage)
def contracting_viewer(page, request) -> dict:
    """Those who may link processes may also unlink some of the links shown (their own, or all):
    what they see of the panel is theirs alone."""
    user = getattr(request, "user", None)
    scope = link_scope(user, page) if signed_in(user) else ""
    # The scope (all links, one's own, none) tells the panel what they may unlink, without
    # asking again whether they are a monitor.
    return {"contracting_can_link": bool(scope), "contracting_link_scope": scope, VIEWER_ALONE: bool(scope)}


@contributes_to(CommitmentPage)
def contracting_panel(page, request, context) -> dict:
    user = getattr(request, "user", None)
    known = page.loaded_facts()
    # The facts row counts the links: none, nothing to read.
    data = (
        CommitmentContracting()
        if known is not None and not known.contracting_links
        else contracting_for([page.pk])[page.pk]
    )
    # The viewer's facts (``contracting_viewer``) are in the context: ``record_page_context``.
    may_link, scope = context["contracting_can_link"], context["contracting_link_scope"]
    if not data.links and not may_link:
        return {}
    links = [*data.process_links, *data.project_links]
    return {
        "contracting": {
            "data": data,
            "can_link": may_link,
            "unlinkable": unlinkable_in_scope(scope, user, links) if signed_in(user) else set(),
        }
    }


def on_link_changed(sender, instance, raw=False, origin=None, **kwargs):
    # A link deleted with its page: the page's facts go with it.
    if isinstance(origin, Page) or (isinstance(origin, QuerySet) and issubclass(origin.model, Page)):
        return
    if not raw and instance.commitment_id:
        facts_refresh_soon([instance.commitment_id])


def connect() -> None:
    for model in (ProcessLink, ProjectLink):
        post_save.connect(on_link_changed, sender=model, dispatch_uid=f"contracting-save-{model.__name__}")
        post_delete.connect(
            on_link_changed, sender=model, dispatch_uid=f"contracting-delete-{model.__name__}"
        )
