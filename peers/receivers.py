"""How peers plug into the record: panels on the commitment page, and what publishing does."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from commitments.models import CommitmentPage, MemberPage
from commitments.page_context import contributes_to, known_empty, routing_check

from .models import NetworkPage, NetworkPerson, PracticeCommitment, PracticePage
from .selectors import practices_for_commitment
from .similar import similar_context
from .versions import new_practices_version


@routing_check("practice_links")
def has_practice_links():
    return Exists(PracticeCommitment.objects.filter(commitment_id=OuterRef("pk")))


@contributes_to(CommitmentPage)
def commitment_practices(page, request, context) -> dict:
    """The practices linked to the commitment, and "peers who did something similar"."""
    breadcrumbs = context.get("breadcrumbs") or []
    member_id = next((crumb.pk for crumb in breadcrumbs if isinstance(crumb, MemberPage)), None)
    area_ids = [area.pk for area in context.get("policy_areas", [])]
    return {
        "peers_panel": {
            "practices": [] if known_empty(page, "practice_links") else practices_for_commitment(page),
            **similar_context(page, area_ids=area_ids, member_id=member_id),
        }
    }


def on_practice_changed(sender, instance, **kwargs):
    new_practices_version()


def on_network_published(sender, instance, **kwargs):
    from .services import network_groups_ensure

    network_groups_ensure(instance)


def on_person_saved(sender, instance, **kwargs):
    from .services import person_groups_sync

    person_groups_sync(instance.user, instance.network, instance.role)


def on_person_deleted(sender, instance, **kwargs):
    from .services import person_groups_sync

    person_groups_sync(instance.user, instance.network, None)


def connect() -> None:
    post_save.connect(on_person_saved, sender=NetworkPerson, dispatch_uid="peers_person_saved")
    post_delete.connect(on_person_deleted, sender=NetworkPerson, dispatch_uid="peers_person_deleted")
    page_published.connect(on_practice_changed, sender=PracticePage, dispatch_uid="peers_practice_published")
    page_unpublished.connect(
        on_practice_changed, sender=PracticePage, dispatch_uid="peers_practice_unpublished"
    )
    page_published.connect(on_network_published, sender=NetworkPage, dispatch_uid="peers_network_published")
