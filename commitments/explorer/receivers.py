"""Keep the explorer's ``CommitmentFacts`` in step with the record.

Every path that changes what the explorer shows ends here: a page published in the admin,
unpublished or moved, a milestone or stakeholder role saved or deleted, an IRM assessment saved
or deleted, an organisation's sector changed. The work is in ``facts`` (bulk writers wrap theirs
in ``facts.facts_deferred()``, so that each commitment is refreshed once, at the end).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from tracker.models import Organisation

from ..models import (
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from .facts import facts_refresh_soon, new_facts_version


def _descendant_commitments(page) -> list[int]:
    if isinstance(page, CommitmentPage):
        return [page.pk]
    return list(CommitmentPage.objects.descendant_of(page).values_list("pk", flat=True))


def on_page_published(sender, instance, **kwargs):
    # (The progress loop also listens: it writes approved statuses back over an old revision's.)
    facts_refresh_soon(_descendant_commitments(instance))


def on_facts_deleted(sender, instance, **kwargs):
    new_facts_version()


def on_page_moved(sender, instance, **kwargs):
    page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if isinstance(page, CommitmentPage | ActionPlanPage | MemberPage):
        facts_refresh_soon(_descendant_commitments(page))


def on_part_changed(sender, instance, **kwargs):
    if instance.commitment_id:
        facts_refresh_soon([instance.commitment_id])


def on_part_deleted(sender, instance, origin=None, **kwargs):
    # A part deleted because its page is being deleted: the page's facts go with the page
    # (refreshing them now would write a row for a page about to disappear).
    if isinstance(origin, Page) or (isinstance(origin, QuerySet) and issubclass(origin.model, Page)):
        return
    on_part_changed(sender, instance)


def on_commitment_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # Saves of a few fields (a revision's bookkeeping) change nothing the explorer shows.
    if not raw and update_fields is None:
        facts_refresh_soon([instance.pk])


# The commitments of a policy area about to lose all its links (cleared, or the area deleted),
# kept on the area between the pre_ and post_ signals (Django sends both the same instance):
# the post_ signals no longer know them.
LEAVING = "_facts_commitments_leaving"


def _note_links(area) -> None:
    links = CommitmentPage.policy_areas.through.objects.filter(policyarea=area)
    setattr(area, LEAVING, list(links.values_list("commitmentpage_id", flat=True)))


def _refresh_noted(area) -> None:
    facts_refresh_soon(area.__dict__.pop(LEAVING, []))


def on_areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # A page's policy areas are written after the page itself (and its post_save) is saved.
    if reverse and action == "pre_clear":  # area.commitments.clear(): post_clear has no pk_set
        _note_links(instance)
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        facts_refresh_soon([instance.pk])
    elif action == "post_clear":
        _refresh_noted(instance)
    elif pk_set:
        facts_refresh_soon(pk_set)


def on_area_deleting(sender, instance, **kwargs):
    # Its links are deleted with it, without an m2m signal.
    _note_links(instance)


def on_area_deleted(sender, instance, **kwargs):
    _refresh_noted(instance)


def on_organisation_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    facts_refresh_soon(
        StakeholderRole.objects.filter(organisation=instance).values_list("commitment_id", flat=True)
    )


def connect() -> None:
    for model in (CommitmentPage, ActionPlanPage, MemberPage):
        page_published.connect(
            on_page_published, sender=model, dispatch_uid=f"facts-published-{model.__name__}"
        )
    post_page_move.connect(on_page_moved, dispatch_uid="facts-moved")
    # Unpublished pages leave the explorer (it lists live pages): cached counts must go too.
    for model in (CommitmentPage, ActionPlanPage, MemberPage):
        page_unpublished.connect(
            on_page_published, sender=model, dispatch_uid=f"facts-unpublished-{model.__name__}"
        )
    post_delete.connect(on_facts_deleted, sender=CommitmentFacts, dispatch_uid="facts-deleted")
    post_save.connect(on_commitment_saved, sender=CommitmentPage, dispatch_uid="facts-commitment")
    for model in (Milestone, StakeholderRole, IRMAssessment):
        post_save.connect(on_part_changed, sender=model, dispatch_uid=f"facts-save-{model.__name__}")
        post_delete.connect(on_part_deleted, sender=model, dispatch_uid=f"facts-delete-{model.__name__}")
    post_save.connect(on_organisation_saved, sender=Organisation, dispatch_uid="facts-organisation")
    m2m_changed.connect(
        on_areas_changed, sender=CommitmentPage.policy_areas.through, dispatch_uid="facts-areas"
    )
    pre_delete.connect(on_area_deleting, sender=PolicyArea, dispatch_uid="facts-area-deleting")
    post_delete.connect(on_area_deleted, sender=PolicyArea, dispatch_uid="facts-area-deleted")
