"""The record in Wagtail's admin: a milestone's status and date met are read-only for everyone
and change only through approved updates, whatever is posted to the admin's own edit view."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from commitments.models import Milestone
from commitments.progress import services as progress

from .progress_fixtures import submitted_update

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_data(page, milestones: list[dict], **extra) -> dict:
    """What the admin's edit form posts for a commitment, with these milestone forms."""
    existing = sum(1 for m in milestones if m.get("id"))
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "ogp_id": page.ogp_id,
            "milestones": inline_formset(milestones, initial=existing),
            "stakeholder_roles": inline_formset([]),
            "action-publish": "1",
            **extra,
        }
    )


def tampered(world) -> list[dict]:
    """Both milestones posted as met, backdated: what a POC tried in the issue."""
    return [
        {
            "id": m.pk,
            "title": m.title,
            "end_date": m.end_date.isoformat() if m.end_date else "",
            "status": "met",
            "date_met": "2020-01-01",
            "ORDER": str(i),
        }
        for i, m in enumerate(world.commitment.milestones.order_by("sort_order"))
    ]


@pytest.mark.parametrize("role", ["poc", "staff"])
def test_a_post_to_the_admin_edit_view_cannot_set_a_milestones_status_or_date_met(world, role):
    response = _client(world.user(role)).post(
        reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]),
        edit_data(world.commitment, tampered(world), title="Renamed"),
    )
    assert response.status_code == 302  # the edit itself went through …
    world.commitment.refresh_from_db()
    assert world.commitment.title == "Renamed"
    # … but the milestones are as the record has them: scheduled, never met.
    assert set(Milestone.objects.filter(commitment=world.commitment).values_list("status", "date_met")) == {
        ("scheduled", None)
    }


def test_an_approved_update_survives_a_tampering_edit_and_no_revision_carries_a_status(world):
    poc = _client(world.user("poc"))
    url = reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])
    update = submitted_update(world, status="notMet", percent_complete=10)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    assert poc.post(url, edit_data(world.commitment, tampered(world))).status_code == 302
    world.milestone.refresh_from_db()
    assert (world.milestone.status, world.milestone.date_met) == ("notMet", None)
    # A revision whose content says "met" (one saved before this rule, or forged) is published
    # as a revert would: the statuses stay the record's, the unreported milestone's too.
    world.commitment.refresh_from_db()
    revision = world.commitment.latest_revision
    for milestone in revision.content["milestones"]:
        milestone.update(status="met", date_met="2020-01-01")
    revision.save(update_fields=["content"])
    revision.publish(user=world.user("poc"))
    assert dict(Milestone.objects.filter(commitment=world.commitment).values_list("title", "status")) == {
        "Data published": "notMet",
        "Law adopted": "scheduled",
    }
    assert not Milestone.objects.filter(commitment=world.commitment, date_met__isnull=False).exists()


def test_a_milestone_added_in_the_admin_starts_scheduled_whatever_is_posted(world):
    milestones = [
        *tampered(world),
        {"title": "Portal launched", "status": "met", "date_met": "2020-01-01", "ORDER": "2"},
    ]
    response = _client(world.user("poc")).post(
        reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]),
        edit_data(world.commitment, milestones),
    )
    assert response.status_code == 302
    added = Milestone.objects.get(commitment=world.commitment, title="Portal launched")
    assert (added.status, added.date_met) == ("scheduled", None)


def test_the_admin_shows_status_and_date_met_read_only_with_the_update_they_came_from(world):
    update = submitted_update(world, status="met", percent_complete=100, as_of=datetime.date(2026, 3, 2))
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    response = _client(world.user("poc")).get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="milestones-0-status"' not in html and 'name="milestones-0-date_met"' not in html
    assert "met on March 2, 2026" in html
    assert "From the progress update of March 2, 2026" in html
    assert reverse("commitments:update_detail", args=[update.pk]) in html
    # The milestone nobody reported on says so.
    assert "No approved progress update yet" in html


def _page_action_urls(world, page) -> dict[str, str]:
    return {
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[page.pk]),
        "move": reverse("wagtailadmin_pages:move", args=[page.pk]),
    }


def test_a_poc_is_offered_no_unpublish_delete_or_move_in_the_admin_and_staff_are(world):
    page = world.commitment
    plan = page.get_parent()
    screens = {
        "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "listing": reverse("wagtailadmin_explore", args=[plan.pk]),
    }
    for role, offered in (("poc", False), ("staff", True)):
        client = _client(world.user(role))
        for screen, url in screens.items():
            html = client.get(url).content.decode()
            for action, action_url in _page_action_urls(world, page).items():
                assert (action_url in html) == offered, f"{role} {screen} {action}"


def test_staff_are_offered_withdrawal_not_deletion_once_a_commitment_has_updates(world):
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    html = _client(world.user("staff")).get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]))
    html = html.content.decode()
    assert reverse("wagtailadmin_pages:delete", args=[world.commitment.pk]) not in html
    assert 'name="action-withdraw"' in html or "Withdraw…" in html
    assert reverse("commitments_withdraw", args=[world.commitment.pk]) in html


@pytest.mark.parametrize(("role", "allowed"), [("poc", False), ("staff", True)])
def test_only_staff_may_schedule_a_record_page_to_be_unpublished(world, role, allowed):
    milestones = [
        {"id": m.pk, "title": m.title, "end_date": m.end_date.isoformat(), "ORDER": str(i)}
        for i, m in enumerate(world.commitment.milestones.order_by("sort_order"))
    ]
    response = _client(world.user(role)).post(
        reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]),
        edit_data(world.commitment, milestones, expire_at="2030-01-01 10:00"),
    )
    world.commitment.refresh_from_db()
    assert (world.commitment.expire_at is not None) == allowed
    if not allowed:
        assert response.status_code == 200
        assert "Only staff may schedule a page to be unpublished." in response.content.decode()


def test_the_add_view_of_a_new_commitment_shows_the_read_only_panels(world):
    plan = world.commitment.get_parent()
    url = reverse("wagtailadmin_pages:add", args=["commitments", "commitmentpage", plan.pk])
    response = _client(world.user("poc")).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A commitment with progress updates cannot be deleted" in html
    assert "a new milestone starts as scheduled" in html  # the empty form a new milestone copies


def test_the_revert_and_compare_screens_show_the_records_status_not_the_revisions(world):
    poc = _client(world.user("poc"))
    edit = reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])
    assert poc.post(edit, edit_data(world.commitment, tampered(world), title="First")).status_code == 302
    assert poc.post(edit, edit_data(world.commitment, tampered(world), title="Second")).status_code == 302
    world.commitment.refresh_from_db()
    first, second = world.commitment.revisions.order_by("pk")[:2]
    for milestone in first.content["milestones"]:
        milestone.update(status="met", date_met="2020-01-01")
    first.save(update_fields=["content"])
    revert = poc.get(reverse("wagtailadmin_pages:revisions_revert", args=[world.commitment.pk, first.pk]))
    assert revert.status_code == 200
    html = revert.content.decode()
    assert "met on" not in html and "Scheduled" in html
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[world.commitment.pk, first.pk, second.pk])
    assert poc.get(compare).status_code == 200
