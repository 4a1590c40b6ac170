"""The record's permission table (issue 12): role × action × door → allowed?

Each action is tried through the door a person would use — the Wagtail admin's own URLs
(GET and POST, single and bulk) or the front end's — and says whether it happened, judged by
the database, never by a status code alone. No path may answer with a server error: the test
client re-raises one (a ``ProtectedError`` would fail the test)."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from commitments import services
from commitments.models import CommitmentPage, Milestone, ProgressUpdate, UpdateState
from commitments.permissions import forum_group_name
from commitments.progress import services as progress

from .progress_fixtures import submitted_update
from .test_record_admin import edit_data, tampered

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "poc",
    "other_poc",
    "reviewer",
    "reviewer_without_2fa",
    "civil_society",
    "staff",
    "staff_without_2fa",  # a superuser who has not set up two-factor: no more rights than anyone
]


def _user(world, role):
    if role == "staff_without_2fa":
        return get_user_model().objects.create_user(
            username="staff-2", password="pw-12345!", is_staff=True, is_superuser=True
        )
    if role == "reviewer_without_2fa":
        user = get_user_model().objects.create_user(username="reviewer-2", password="pw-12345!")
        user.groups.add(Group.objects.get(name=forum_group_name(world.member)))
        return user
    return world.user(role)


def _client(world, role) -> Client:
    client = Client()
    if (user := _user(world, role)) is not None:
        client.force_login(user)
    return client


def _exists(page) -> bool:
    return (
        CommitmentPage.objects.filter(pk=page.pk).exists()
        if isinstance(page, CommitmentPage)
        else (type(page).objects.filter(pk=page.pk).exists())
    )


def _live(page) -> bool:
    return type(page).objects.get(pk=page.pk).live


def _plan(world):
    return world.commitment.get_parent().specific


def _reported(world):
    """The commitment, with an approved progress update on its first milestone."""
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("staff"))
    return world.commitment


# -- the admin: milestone status -------------------------------------------------------------


def admin_set_milestone_status(world, client):
    client.post(
        reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]),
        edit_data(world.commitment, tampered(world)),
    )
    return Milestone.objects.filter(commitment=world.commitment, status="met").exists()


# -- the admin: unpublish, delete, move (single views, GET and POST, and bulk actions) ----------


def _get_allowed(client, url) -> bool:
    """A GET of an admin action's page: allowed if the page itself shows (the refused are sent
    to the dashboard or the login page)."""
    return client.get(url).status_code == 200


def admin_unpublish_commitment_get(world, client):
    return _get_allowed(client, reverse("wagtailadmin_pages:unpublish", args=[world.commitment.pk]))


def admin_unpublish_commitment_post(world, client):
    client.post(reverse("wagtailadmin_pages:unpublish", args=[world.commitment.pk]))
    return not _live(world.commitment)


def admin_unpublish_plan_post(world, client):
    client.post(reverse("wagtailadmin_pages:unpublish", args=[_plan(world).pk]))
    return not _live(_plan(world))


def admin_unpublish_member_post(world, client):
    client.post(reverse("wagtailadmin_pages:unpublish", args=[world.member.pk]))
    return not _live(world.member)


def admin_delete_member_post(world, client):
    client.post(reverse("wagtailadmin_pages:delete", args=[world.member.pk]))
    return not _exists(world.member)


def admin_move_plan_get(world, client):
    return _get_allowed(client, reverse("wagtailadmin_pages:move", args=[_plan(world).pk]))


def admin_bulk_unpublish_commitment(world, client):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
    client.post(f"{url}?id={world.commitment.pk}")
    return not _live(world.commitment)


def admin_delete_commitment_get(world, client):
    return _get_allowed(client, reverse("wagtailadmin_pages:delete", args=[world.commitment.pk]))


def admin_delete_commitment_post(world, client):
    client.post(reverse("wagtailadmin_pages:delete", args=[world.commitment.pk]))
    return not _exists(world.commitment)


def admin_delete_plan_post(world, client):
    plan = _plan(world)
    client.post(reverse("wagtailadmin_pages:delete", args=[plan.pk]))
    return not _exists(plan)


def admin_bulk_delete_commitment(world, client):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={world.commitment.pk}")
    return not _exists(world.commitment)


def _second_plan(world):
    plan, _ = services.action_plan_page_upsert(
        member=world.member, plan_id="AP_TST02", title="Plan 2", number=2, start_year=2027, end_year=2029
    )
    return plan


def admin_move_commitment_get(world, client):
    return _get_allowed(client, reverse("wagtailadmin_pages:move", args=[world.commitment.pk]))


def admin_move_commitment_confirm_get(world, client):
    url = reverse("wagtailadmin_pages:move_confirm", args=[world.commitment.pk, _second_plan(world).pk])
    return _get_allowed(client, url)


def admin_move_commitment_post(world, client):
    plan = _second_plan(world)
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[world.commitment.pk, plan.pk]))
    return CommitmentPage.objects.get(pk=world.commitment.pk).get_parent().pk == plan.pk


# -- nobody deletes a commitment with progress updates, on any path -----------------------------


def delete_reported_commitment_post(world, client):
    page = _reported(world)
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return not _exists(page)


def bulk_delete_reported_commitment(world, client):
    page = _reported(world)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={page.pk}")
    return not _exists(page)


def delete_plan_of_reported_commitment(world, client):
    _reported(world)
    plan = _plan(world)
    client.post(reverse("wagtailadmin_pages:delete", args=[plan.pk]))
    return not _exists(plan)


# -- withdrawal --------------------------------------------------------------------------------


def withdraw_commitment(world, client):
    page = _reported(world)
    client.post(
        reverse("commitments_withdraw", args=[page.pk]),
        {"withdrawn_on": "2026-10-01", "reason": "Merged into UA0090."},
    )
    return CommitmentPage.objects.get(pk=page.pk).withdrawn_on is not None


def open_withdrawal_form(world, client):
    return _get_allowed(client, reverse("commitments_withdraw", args=[world.commitment.pk]))


# -- the forum's review, on the front end -----------------------------------------------------


def see_review_queue(world, client):
    return client.get(reverse("commitments:review_queue")).status_code == 200


def approve_update(world, client):
    update = submitted_update(world)
    client.post(reverse("commitments:update_review", args=[update.pk]), {"decision": "approve"})
    return ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.APPROVED


def return_update(world, client):
    update = submitted_update(world)
    client.post(
        reverse("commitments:update_review", args=[update.pk]), {"decision": "return", "reason": "Why"}
    )
    return ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.RETURNED


STAFF = {"staff"}
NOBODY: set[str] = set()
REVIEWERS = {"reviewer", "staff"}

TABLE = {
    admin_set_milestone_status: NOBODY,
    admin_unpublish_commitment_get: STAFF,
    admin_unpublish_commitment_post: STAFF,
    admin_unpublish_plan_post: STAFF,
    admin_unpublish_member_post: STAFF,
    admin_bulk_unpublish_commitment: STAFF,
    admin_delete_commitment_get: STAFF,
    admin_delete_commitment_post: STAFF,
    admin_delete_plan_post: STAFF,
    admin_bulk_delete_commitment: STAFF,
    admin_delete_member_post: STAFF,
    admin_move_plan_get: STAFF,
    admin_move_commitment_get: STAFF,
    admin_move_commitment_confirm_get: STAFF,
    admin_move_commitment_post: STAFF,
    delete_reported_commitment_post: NOBODY,
    bulk_delete_reported_commitment: NOBODY,
    delete_plan_of_reported_commitment: NOBODY,
    withdraw_commitment: STAFF,
    open_withdrawal_form: STAFF,
    see_review_queue: REVIEWERS,
    approve_update: REVIEWERS,
    return_update: REVIEWERS,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TABLE), ids=lambda a: a.__name__)
def test_permission_table(world, role, action):
    allowed = action(world, _client(world, role))
    assert allowed == (role in TABLE[action]), f"{role} {action.__name__}"


def test_a_reviewer_without_two_factor_is_sent_to_set_it_up_and_told_why(world):
    update = submitted_update(world)
    client = _client(world, "reviewer_without_2fa")
    setup = reverse("mfa_activate_totp")
    for response in (
        client.get(reverse("commitments:review_queue")),
        client.get(reverse("commitments:update_detail", args=[update.pk])),
        client.post(reverse("commitments:update_review", args=[update.pk]), {"decision": "approve"}),
    ):
        assert (response.status_code, response["Location"]) == (302, setup)
    assert ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.SUBMITTED
    page = client.get(setup, follow=True).content.decode()
    assert "before you review updates: a review changes the public record" in page


def test_forum_reviewers_are_among_those_who_must_use_two_factor(world):
    from tracker.permissions import requires_two_factor

    assert requires_two_factor(_user(world, "reviewer_without_2fa"))
    assert not requires_two_factor(world.user("civil_society"))
