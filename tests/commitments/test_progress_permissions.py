"""Who may do what: every role against every write action of the progress loop, through the
real URLs (direct POSTs included) and the Wagtail admin's edit view of a commitment."""

from __future__ import annotations

import pytest

from django.test import Client
from django.urls import reverse

from commitments.models import Follow, ProgressUpdate, UpdateState
from commitments.progress import services as progress

from .progress_fixtures import ROLES, submitted_update

pytestmark = pytest.mark.django_db


def _client(world, role) -> Client:
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    return client


def _ok(response) -> bool:
    """Allowed: the page itself, or a redirect that is not to the login page."""
    if response.status_code == 200:
        return True
    return response.status_code == 302 and "login" not in response["Location"]


def post_new_update(world, client):
    response = client.post(
        reverse("commitments:update_create", args=[world.milestone.pk]),
        {
            "status": "partiallyMet",
            "percent_complete": 30,
            "narrative": "Done",
            "as_of": "2026-11-01",
            "evidence_url": "https://example.org/e",
            "submit": "1",
        },
    )
    created = ProgressUpdate.objects.filter(narrative="Done").exists()
    assert _ok(response) == created
    return created


def open_new_update_form(world, client):
    return _ok(client.get(reverse("commitments:update_create", args=[world.milestone.pk])))


def revise_returned_update(world, client):
    update = submitted_update(world)
    progress.progress_update_return_(update=update, reviewer=world.user("reviewer"), reason="More")
    response = client.post(
        reverse("commitments:update_detail", args=[update.pk]),
        {
            "status": "partiallyMet",
            "percent_complete": 45,
            "narrative": "Revised",
            "as_of": "2026-11-01",
            "evidence_url": "https://example.org/e",
            "submit": "1",
        },
    )
    update.refresh_from_db()
    changed = update.state == UpdateState.RESUBMITTED and update.narrative == "Revised"
    assert _ok(response) == changed
    return changed


def approve_update(world, client):
    update = submitted_update(world)
    response = client.post(reverse("commitments:update_review", args=[update.pk]), {"decision": "approve"})
    update.refresh_from_db()
    assert _ok(response) == (update.state == UpdateState.APPROVED)
    return update.state == UpdateState.APPROVED


def return_update(world, client):
    update = submitted_update(world)
    response = client.post(
        reverse("commitments:update_review", args=[update.pk]), {"decision": "return", "reason": "Why"}
    )
    update.refresh_from_db()
    assert _ok(response) == (update.state == UpdateState.RETURNED)
    return update.state == UpdateState.RETURNED


def see_review_queue(world, client):
    return _ok(client.get(reverse("commitments:review_queue")))


def see_my_commitments(world, client):
    return _ok(client.get(reverse("commitments:my_commitments")))


def follow_commitment(world, client):
    response = client.post(reverse("commitments:follow", args=[world.commitment.pk]), {"frequency": "daily"})
    followed = Follow.objects.filter(page_id=world.commitment.pk).exists()
    assert _ok(response) == followed
    return followed


def admin_edit_commitment(world, client):
    return client.get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])).status_code == 200


def admin_post_commitment(world, client):
    """A direct POST to the admin's edit view: the title must not change for the refused."""
    client.post(
        reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]),
        {"title": "Hijacked", "slug": world.commitment.slug, "action-publish": "1"},
    )
    world.commitment.refresh_from_db()
    return world.commitment.title == "Hijacked"


def admin_edit_other_members_commitment(world, client):
    return client.get(reverse("wagtailadmin_pages:edit", args=[world.other_commitment.pk])).status_code == 200


ACTIONS = {
    open_new_update_form: {"poc", "staff"},
    post_new_update: {"poc", "staff"},
    revise_returned_update: {"poc", "staff"},
    approve_update: {"reviewer", "staff"},
    return_update: {"reviewer", "staff"},
    see_review_queue: {"reviewer", "staff"},
    see_my_commitments: {"poc", "other_poc", "staff"},
    follow_commitment: {"person", "poc", "other_poc", "reviewer", "civil_society", "staff"},
    admin_edit_commitment: {"poc", "staff"},
    admin_edit_other_members_commitment: {"other_poc", "staff"},
}
# POSTs that are too big to fake for the allowed (the admin's whole form): refusals only.
REFUSAL_ONLY = {admin_post_commitment: {"poc", "staff"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS), ids=lambda a: a.__name__)
def test_permission_table(world, role, action):
    allowed = action(world, _client(world, role))
    assert allowed == (role in ACTIONS[action]), f"{role} {action.__name__}"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in REFUSAL_ONLY[admin_post_commitment]])
def test_direct_admin_posts_are_refused(world, role):
    assert not admin_post_commitment(world, _client(world, role))


def test_every_front_end_post_needs_a_csrf_token(world):
    update = submitted_update(world)
    returned = submitted_update(world)
    progress.progress_update_return_(update=returned, reviewer=world.user("reviewer"), reason="x")
    posts = [
        ("poc", reverse("commitments:update_create", args=[world.milestone.pk]), {"narrative": "x"}),
        ("poc", reverse("commitments:update_detail", args=[returned.pk]), {"narrative": "x"}),
        ("reviewer", reverse("commitments:update_review", args=[update.pk]), {"decision": "approve"}),
        ("person", reverse("commitments:follow", args=[world.commitment.pk]), {}),
        ("staff", reverse("commitments:unsubscribe", args=["token"]), {}),
    ]
    for role, url, data in posts:
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user(role))
        assert client.post(url, data).status_code == 403, url
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    assert not Follow.objects.exists()


def test_the_admin_lists_updates_read_only_for_staff(world):
    update = submitted_update(world)
    staff = _client(world, "staff")
    listing = staff.get(reverse("wagtailsnippets_commitments_progressupdate:list"))
    assert listing.status_code == 200 and "Data published" in listing.content.decode()
    assert (
        staff.get(reverse("wagtailsnippets_commitments_progressupdate:inspect", args=[update.pk])).status_code
        == 200
    )
    for name in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_commitments_progressupdate:{name}", args=[update.pk])
        assert staff.get(url).status_code in (302, 403)
        assert staff.post(url, {"narrative": "changed"}).status_code in (302, 403)
    assert staff.get(reverse("wagtailsnippets_commitments_progressupdate:add")).status_code in (302, 403)
    update.refresh_from_db()
    assert update.narrative == "Half the datasets are online."
    poc = _client(world, "poc")  # in the admin for pages, not for the updates' records
    assert poc.get(reverse("wagtailsnippets_commitments_progressupdate:list")).status_code in (302, 403)


def test_the_admin_refuses_to_remove_a_milestone_that_has_updates(world):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    submitted_update(world)
    page = world.commitment
    milestones = list(page.milestones.order_by("sort_order"))
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "ogp_id": page.ogp_id,
            "milestones": inline_formset(
                [
                    {"id": m.pk, "title": m.title, "status": m.status, "ORDER": str(i), "DELETE": "1"}
                    for i, m in enumerate(milestones)
                ],
                initial=len(milestones),
            ),
            "stakeholder_roles": inline_formset([]),
            "action-publish": "1",
        }
    )
    response = _client(world, "poc").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "has progress updates, so it cannot be removed" in response.content.decode()
    assert page.milestones.count() == 2
    # The milestone nobody reported on can go.
    data = {k: ("" if k.endswith("-DELETE") and k.startswith("milestones-0") else v) for k, v in data.items()}
    response = _client(world, "poc").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert list(page.milestones.values_list("pk", flat=True)) == [world.milestone.pk]
