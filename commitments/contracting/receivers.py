"""Receivers: the commitment page's panel, and the explorer's facts kept in step with links
(imports refresh the linked commitments' facts themselves, see ``importing``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page

from commitments.explorer.facts import facts_refresh_soon
from commitments.models import CommitmentPage
from commitments.page_context import contributes_to
from tracker.permissions import signed_in

from . import facts  # noqa: F401  (registers the facts contributor)
from .models import ProcessLink, ProjectLink
from .permissions import link_rights
from .selectors import CommitmentContracting, contracting_for


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
    links = [*data.process_links, *data.project_links]
    may_link, may_unlink = link_rights(user, page, links) if signed_in(user) else (False, set())
    if not data.links and not may_link:
        return {}
    return {"contracting": {"data": data, "can_link": may_link, "unlinkable": may_unlink}}


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
