"""Who may do what in a network, through every door: the front-end pages, direct POSTs and
Wagtail's admin (its create, edit and workflow views, and the staff viewsets).

One table: roles × actions. A refused person changes nothing.
"""

from __future__ import annotations

import pytest

from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from peers import permissions, services
from peers.models import NetworkJoinRequest, NetworkPerson, NetworkRole, PracticeCommitment, PracticePage

from .conftest import make_practice

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "signed_in", "applicant", "member", "editor", "administrator", "ex_officio", "staff"]

ALLOWED = {
    "join": {"applicant"},
    "approve": {"administrator", "staff"},
    "manage_roles": {"administrator", "staff"},
    "manage_members": {"administrator", "staff"},
    "manage_roles_in_admin": {"staff"},
    "draft_practice": {"member", "editor", "administrator", "ex_officio", "staff"},
    "publish": {"editor", "administrator", "staff"},
    "link_commitment": {"member", "editor", "administrator", "ex_officio", "staff"},
}


def practice_form(world, *, title="Buying better", publish=False, submit=False, links=()) -> dict:
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "How we did it",
        "context": "",
        "problem": "Slow tenders",
        "what_was_done": "Open data",
        "results": "Faster",
        "evidence_url": "",
        "lessons": "",
        "cost": "",
        "duration": "",
        "contact": "",
        "policy_areas": [str(world.areas["open-contracting"].pk)],
        "ocds_stages": [],
        "countries": ["MX"],
        "language": "en",
        "translation_of": "",
        "seo_title": "",
        "search_description": "",
        "commitment_links": inline_formset([{"commitment": str(c.pk), "note": ""} for c in links]),
    }
    if publish:
        data["action-publish"] = "1"
    if submit:
        data["action-submit"] = "1"
    return nested_form_data(data)


def add_url(world) -> str:
    return reverse("wagtailadmin_pages:add", args=["peers", "practicepage", world.network.pk])


def pending_request(world) -> NetworkJoinRequest:
    return services.network_join_request_create(
        user=world.user("applicant"), network=world.network, organisation=world.organisations["oncae"]
    )


def do_join(world, role):
    response = world.client(role).post(
        reverse("peers:join", args=[world.network.pk]),
        {"organisation": world.organisations["oncae"].pk, "message": "Hello"},
    )
    user = world.user(role)
    done = user is not None and NetworkJoinRequest.objects.filter(user=user, network=world.network).exists()
    return response, done


def do_approve(world, role):
    join_request = pending_request(world)
    response = world.client(role).post(reverse("peers:approve", args=[join_request.pk]), {"role": "member"})
    done = NetworkPerson.objects.filter(user=world.user("applicant"), network=world.network).exists()
    return response, done


def do_manage_roles(world, role):
    person = NetworkPerson.objects.get(user=world.user("member"), network=world.network)
    response = world.client(role).post(reverse("peers:person_role", args=[person.pk]), {"role": "editor"})
    person.refresh_from_db()
    return response, person.role == NetworkRole.EDITOR


def do_manage_members(world, role):
    response = world.client(role).post(
        reverse("peers:member_add", args=[world.network.pk]),
        {"ogp_member": world.members["FRA"].pk, "organisation": "", "role": "supporter"},
    )
    return response, world.network.members.filter(ogp_member=world.members["FRA"]).exists()


def do_manage_roles_in_admin(world, role):
    person = NetworkPerson.objects.get(user=world.user("member"), network=world.network)
    response = world.client(role).post(
        f"/admin/networkperson/edit/{person.pk}/",
        {
            "network": world.network.pk,
            "user": person.user_id,
            "organisation": person.organisation_id,
            "role": "editor",
        },
    )
    person.refresh_from_db()
    return response, person.role == NetworkRole.EDITOR


def do_draft(world, role):
    response = world.client(role).post(add_url(world), practice_form(world))
    return response, PracticePage.objects.filter(title="Buying better").exists()


def do_publish(world, role):
    response = world.client(role).post(add_url(world), practice_form(world, publish=True))
    return response, PracticePage.objects.filter(title="Buying better", live=True).exists()


def do_link(world, role):
    response = world.client(role).post(add_url(world), practice_form(world, links=[world.commitments["MX1"]]))
    return response, PracticeCommitment.objects.filter(commitment=world.commitments["MX1"]).exists()


ACTIONS = {
    "join": do_join,
    "approve": do_approve,
    "manage_roles": do_manage_roles,
    "manage_members": do_manage_members,
    "manage_roles_in_admin": do_manage_roles_in_admin,
    "draft_practice": do_draft,
    "publish": do_publish,
    "link_commitment": do_link,
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_table(peers_world, action):
    """Every role tries the action on the same world, each try undone before the next."""
    outcomes = {}
    for role in ROLES:
        with transaction.atomic():
            response, done = ACTIONS[action](peers_world, role)
            outcomes[role] = (done, refusal(response))
            transaction.set_rollback(True)
    assert {role for role, (done, _how) in outcomes.items() if done} == ALLOWED[action], outcomes
    for role, (_done, how) in outcomes.items():
        if role not in ALLOWED[action] and action != "publish":
            # Refused: a visitor is sent to sign in; anyone else is refused outright (a 403, or in
            # the admin Wagtail's own "permission denied" redirect to its dashboard).
            assert how == ("sign in" if role == "visitor" else "refused"), (role, action, how)


def refusal(response) -> str:
    location = response.get("Location", "") if response.status_code == 302 else ""
    if "/accounts/login/" in location:
        return "sign in"
    if response.status_code == 403 or location == "/admin/":
        return "refused"
    return str(response.status_code)


def test_a_member_cannot_publish_through_the_admin_edit_view(peers_world):
    draft = make_practice(
        peers_world.network, "Draft by a member", live=False, owner=peers_world.user("member")
    )
    client = peers_world.client("member")
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = client.post(url, practice_form(peers_world, title="Draft by a member", publish=True))
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert not draft.live
    # …and the bulk action's publish is refused too.
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
    client.post(bulk, {})
    draft.refresh_from_db()
    assert not draft.live


def test_a_member_submits_and_an_editor_approval_publishes(peers_world):
    mail.outbox.clear()
    member = peers_world.client("member")
    member.post(add_url(peers_world), practice_form(peers_world, title="Submitted practice", submit=True))
    practice = PracticePage.objects.get(title="Submitted practice")
    assert not practice.live
    workflow_state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(practice.pk))
    assert workflow_state.workflow.name == "Contracting 5 review"
    task_state = TaskState.objects.get(workflow_state=workflow_state, status=TaskState.STATUS_IN_PROGRESS)
    approve = reverse("wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk])

    # A member (the author) may not approve their own practice.
    member.post(approve, {"comment": ""})
    practice.refresh_from_db()
    assert not practice.live

    response = peers_world.client("editor").post(approve, {"comment": "Good"})
    assert response.status_code in (200, 302)
    practice.refresh_from_db()
    assert practice.live


def test_network_role_answers_each_role(peers_world):
    network = peers_world.network
    expected = {
        "visitor": None,
        "signed_in": None,
        "applicant": None,
        "member": "member",
        "editor": "editor",
        "administrator": "administrator",
        "ex_officio": "member",
        "staff": "administrator",
    }
    assert {role: permissions.network_role(peers_world.user(role), network) for role in ROLES} == expected


def test_approval_and_refusal_email_the_person_in_their_language(
    peers_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_request = pending_request(peers_world)
    to_admins = [m for m in mail.outbox if m.to == ["administrator@example.org"]]
    assert len(to_admins) == 1 and "applicant asks to join Contracting 5" in to_admins[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.network_join_request_approve(
            join_request=join_request, decided_by=peers_world.user("administrator"), role="editor"
        )
    (message,) = mail.outbox
    assert message.to == ["applicant@example.org"]
    # The applicant reads Spanish.
    assert "Contracting 5" in message.subject and "Ya participa" in message.subject
    person = NetworkPerson.objects.get(user=peers_world.user("applicant"))
    assert person.role == "editor"
    assert set(person.user.groups.values_list("name", flat=True)) == {
        "Contracting 5 members",
        "Contracting 5 editors",
    }


def test_a_network_keeps_an_administrator(peers_world):
    person = NetworkPerson.objects.get(user=peers_world.user("administrator"))
    with pytest.raises(Exception, match="at least one administrator"):
        services.network_person_change_role(
            person=person, role="member", changed_by=peers_world.user("staff")
        )
    person.refresh_from_db()
    assert person.role == "administrator"


def test_removing_a_person_takes_away_their_groups(peers_world):
    person = NetworkPerson.objects.get(user=peers_world.user("editor"))
    services.network_person_remove(person=person, removed_by=peers_world.user("administrator"))
    assert not peers_world.user("editor").groups.filter(name__startswith="Contracting 5").exists()
    assert Page.objects.filter(pk=peers_world.network.pk).exists()


def test_asking_twice_or_through_another_organisation_is_refused_with_a_message(peers_world):
    client = peers_world.client("applicant")
    url = reverse("peers:join", args=[peers_world.network.pk])
    first = client.post(url, {"organisation": peers_world.organisations["oncae"].pk, "message": "Hola"})
    assert first.status_code == 302
    again = client.post(url, {"organisation": peers_world.organisations["oncae"].pk, "message": "Otra vez"})
    assert "You have already asked to join this network." in again.content.decode()
    elsewhere = client.post(url, {"organisation": peers_world.organisations["ebrd"].pk, "message": "Kept"})
    html = elsewhere.content.decode()
    assert "Select a valid choice" in html and "Kept" in html  # the message typed is not lost
    assert NetworkJoinRequest.objects.filter(user=peers_world.user("applicant")).count() == 1
