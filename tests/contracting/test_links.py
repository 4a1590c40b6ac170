"""Linking commitments and milestones to processes and projects: who may link and unlink,
through the front-end pages, direct POSTs and the admin's viewset; ocid validation."""

from __future__ import annotations

import pytest

from django.test import Client
from django.urls import reverse

from commitments.contracting.models import ProcessLink, ProjectLink
from commitments.contracting.services import process_link_create

pytestmark = pytest.mark.django_db

OCID = "ocds-213czf-000-00001"
ROLES = ["visitor", "person", "poc", "other_poc", "reviewer", "civil_society", "monitor", "staff"]
MAY_LINK = {"poc", "monitor", "staff"}


def _client(world, role) -> Client:
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    return client


def _link_url(world) -> str:
    return reverse("commitments:contracting_link", args=[world.commitment.pk])


@pytest.mark.parametrize("role", ROLES)
def test_who_may_link_through_the_page_and_a_direct_post(world, role):
    client = _client(world, role)
    page = client.get(_link_url(world))
    response = client.post(
        _link_url(world), {"kind": "process", "process-ocid": OCID, "process-relation": "implements"}
    )
    if role in MAY_LINK:
        assert page.status_code == 200
        assert response.status_code == 302
        link = ProcessLink.objects.get()
        assert (link.ocid, link.relation, link.created_by) == (OCID, "implements", world.user(role))
    else:
        assert page.status_code in (302, 403)
        assert response.status_code in (302, 403)
        if role == "visitor":
            assert "login" in response["Location"]
        assert not ProcessLink.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_unlink_a_pocs_link(world, role):
    link = process_link_create(
        user=world.user("poc"), commitment=world.commitment, ocid=OCID, relation="implements"
    )
    response = _client(world, role).post(reverse("commitments:contracting_unlink", args=["process", link.pk]))
    allowed = role in {"poc", "staff"}  # a monitor removes only the links they made
    assert ProcessLink.objects.filter(pk=link.pk).exists() is not allowed
    assert response.status_code == (302 if allowed else (302 if role == "visitor" else 403))


@pytest.mark.parametrize("role", ROLES)
def test_who_may_unlink_a_project_link(world, role):
    from commitments.contracting.services import project_link_create

    link = project_link_create(
        user=world.user("poc"),
        commitment=world.commitment,
        project_id="oc4ids-bu3kcz-0001",
        relation="implements",
    )
    _client(world, role).post(reverse("commitments:contracting_unlink", args=["project", link.pk]))
    assert ProjectLink.objects.filter(pk=link.pk).exists() is not (role in {"poc", "staff"})
    admin = _client(world, role).post(
        reverse("wagtailsnippets_commitments_contracting_projectlink:delete", args=[link.pk])
    )
    if role not in {"poc", "staff"}:
        assert admin.status_code in (302, 403)
        assert ProjectLink.objects.filter(pk=link.pk).exists() is (role != "staff")


def test_a_monitor_unlinks_their_own_link(world):
    link = process_link_create(
        user=world.user("monitor"), commitment=world.commitment, ocid=OCID, relation="monitors"
    )
    _client(world, "monitor").post(reverse("commitments:contracting_unlink", args=["process", link.pk]))
    assert not ProcessLink.objects.exists()


def test_an_other_members_poc_may_not_link_this_commitment_but_their_own(world):
    client = _client(world, "other_poc")
    data = {"kind": "process", "process-ocid": OCID, "process-relation": "example"}
    assert client.post(_link_url(world), data).status_code == 403
    own = reverse("commitments:contracting_link", args=[world.other_commitment.pk])
    assert client.post(own, data).status_code == 302


@pytest.mark.parametrize(
    ("ocid", "message"),
    [
        ("213czf-000-00001", "is not an OCDS ocid: it starts with “ocds-”"),
        ("ocds-000-1", "is not an OCDS ocid"),
        ("ocds-213czf", "is not an OCDS ocid"),
    ],
)
def test_an_ocid_of_the_wrong_shape_gets_a_clear_message(world, ocid, message):
    response = _client(world, "poc").post(
        _link_url(world), {"kind": "process", "process-ocid": ocid, "process-relation": "implements"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'value="{ocid}"' in response.content.decode()  # the input is kept
    assert not ProcessLink.objects.exists()


def test_a_milestone_and_a_project_link(world):
    client = _client(world, "poc")
    client.post(
        _link_url(world),
        {
            "kind": "process",
            "process-ocid": OCID,
            "process-relation": "monitors",
            "process-milestone": world.milestone.pk,
        },
    )
    assert ProcessLink.objects.get().milestone == world.milestone
    again = client.post(
        _link_url(world),
        {
            "kind": "process",
            "process-ocid": OCID,
            "process-relation": "monitors",
            "process-milestone": world.milestone.pk,
        },
    )
    assert again.status_code == 400 and "already linked here" in again.content.decode()
    client.post(
        _link_url(world),
        {"kind": "project", "project-project_id": "oc4ids-bu3kcz-0001", "project-relation": "example"},
    )
    assert ProjectLink.objects.get().project_id == "oc4ids-bu3kcz-0001"
    bad = client.post(
        _link_url(world), {"kind": "project", "project-project_id": "ocds-x", "project-relation": "example"}
    )
    assert bad.status_code == 400 and "is not an OC4IDS project id" in bad.content.decode()


def test_a_milestone_of_another_commitment_is_refused(world):
    other_milestone = world.milestone.__class__.objects.create(
        commitment=world.other_commitment, title="Elsewhere"
    )
    response = _client(world, "poc").post(
        _link_url(world),
        {
            "kind": "process",
            "process-ocid": OCID,
            "process-relation": "implements",
            "process-milestone": other_milestone.pk,
        },
    )
    assert response.status_code == 400
    assert not ProcessLink.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_viewset_staff_read_and_delete_nobody_adds(world, role):
    link = process_link_create(
        user=world.user("poc"), commitment=world.commitment, ocid=OCID, relation="implements"
    )
    client = _client(world, role)
    listing = client.get(reverse("wagtailsnippets_commitments_contracting_processlink:list"))
    add = client.post(reverse("wagtailsnippets_commitments_contracting_processlink:add"), {"ocid": OCID})
    assert add.status_code in (302, 403)
    assert ProcessLink.objects.count() == 1
    delete = client.post(
        reverse("wagtailsnippets_commitments_contracting_processlink:delete", args=[link.pk])
    )
    if role == "staff":
        assert listing.status_code == 200 and OCID in listing.content.decode()
        assert delete.status_code == 302
        assert not ProcessLink.objects.exists()
    else:
        assert listing.status_code in (302, 403)
        assert delete.status_code in (302, 403)
        assert ProcessLink.objects.filter(pk=link.pk).exists()
