"""Organisation membership: ask to join, approve or refuse, manage members; who may do what."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.conftest import enable_totp
from tracker import services
from tracker.models import Membership, MembershipRequest, Organisation, Sector

pytestmark = pytest.mark.django_db

ACTORS = ["visitor", "person", "member", "org_admin", "other_org_admin", "staff"]
# Who may do each action on organisation A (everyone else is refused).
ALLOWED = {
    "request to join": {"person", "other_org_admin", "staff"},
    "approve": {"org_admin", "staff"},
    "refuse": {"org_admin", "staff"},
    "change role": {"org_admin", "staff"},
    "remove": {"org_admin", "staff"},
}


def make_user(username: str, *, language: str = "en", **extra):
    return get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw-long-enough-1", language=language, **extra
    )


@pytest.fixture
def world():
    """Organisation A with an admin and a member, organisation B with its admin, staff,
    a person with no organisation, and an applicant whose request to join A is pending."""
    a = Organisation.objects.create(name="Transparency Watch", sector=Sector.CIVIL_SOCIETY, country="UA")
    b = Organisation.objects.create(name="Ministry of Finance", sector=Sector.GOVERNMENT, country="UA")
    people = {
        "person": make_user("person"),
        "member": make_user("member"),
        "org_admin": make_user("org_admin"),
        "other_org_admin": make_user("other_org_admin"),
        "staff": make_user("staff", is_staff=True),
        "applicant": make_user("applicant", language="es"),
    }
    enable_totp(people["staff"])
    Membership.objects.create(user=people["member"], organisation=a, role=Membership.Role.MEMBER)
    Membership.objects.create(user=people["org_admin"], organisation=a, role=Membership.Role.ADMIN)
    Membership.objects.create(user=people["other_org_admin"], organisation=b, role=Membership.Role.ADMIN)
    pending = MembershipRequest.objects.create(user=people["applicant"], organisation=a, message="Hello")
    return {"a": a, "b": b, "people": people, "pending": pending}


def client_for(actor: str, world) -> Client:
    client = Client()
    if actor != "visitor":
        client.force_login(world["people"][actor])
    return client


def do(action: str, client: Client, world):
    """Post the action directly, as a form would (or a forged request); return (response, done)."""
    a, people, pending = world["a"], world["people"], world["pending"]
    member = Membership.objects.get(user=people["member"], organisation=a)
    if action == "request to join":
        response = client.post(f"/en/organisations/{a.pk}/join/", {"message": "Let me in"})
        done = MembershipRequest.objects.filter(organisation=a, message="Let me in").exists()
    elif action == "approve":
        response = client.post(f"/en/organisations/requests/{pending.pk}/approve/", {"role": "member"})
        done = Membership.objects.filter(user=people["applicant"], organisation=a).exists()
    elif action == "refuse":
        response = client.post(f"/en/organisations/requests/{pending.pk}/refuse/")
        pending.refresh_from_db()
        done = pending.status == MembershipRequest.Status.REFUSED
    elif action == "change role":
        response = client.post(f"/en/organisations/memberships/{member.pk}/role/", {"role": "admin"})
        member.refresh_from_db()
        done = member.role == Membership.Role.ADMIN
    elif action == "remove":
        response = client.post(f"/en/organisations/memberships/{member.pk}/remove/")
        done = not Membership.objects.filter(pk=member.pk).exists()
    else:  # pragma: no cover
        raise AssertionError(action)
    return response, done


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_table(world, actor, action):
    response, done = do(action, client_for(actor, world), world)
    if actor in ALLOWED[action]:
        assert done, f"{actor} should be able to {action}"
        assert response.status_code == 302
    else:
        assert not done, f"{actor} must not be able to {action}"
        if actor == "visitor":
            assert response.status_code == 302
            assert "/accounts/login/" in response.headers["Location"]
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("action", ["approve", "refuse", "change role", "remove"])
def test_staff_without_two_factor_have_no_staff_rights(world, action):
    staff = world["people"]["staff"]
    staff.authenticator_set.all().delete()
    response, done = do(action, client_for("staff", world), world)
    assert not done
    assert response.status_code == 403


@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_post_is_refused_without_a_csrf_token(world, action):
    actor = "person" if action == "request to join" else "org_admin"
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"][actor])
    response, done = do(action, client, world)
    assert response.status_code == 403
    assert not done


def test_login_post_is_refused_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"login": "person", "password": "pw-long-enough-1"})
    assert response.status_code == 403


def test_get_requests_never_change_anything(world):
    client = client_for("org_admin", world)
    pending = world["pending"]
    assert client.get(f"/en/organisations/requests/{pending.pk}/approve/").status_code == 405
    assert client.get(f"/en/organisations/requests/{pending.pk}/refuse/").status_code == 405
    pending.refresh_from_db()
    assert pending.status == MembershipRequest.Status.PENDING


# ------------------------------------------------------------------------ the flow


def test_ask_approve_and_the_role_is_given(world, django_capture_on_commit_callbacks):
    a, people = world["a"], world["people"]
    client = client_for("person", world)
    page = client.get("/en/organisations/?q=Transparency").content.decode()
    assert "Transparency Watch" in page and "Ministry of Finance" not in page
    assert f"/en/organisations/{a.pk}/join/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/organisations/{a.pk}/join/", {"message": "I monitor procurement."})
    assert response.status_code == 302
    assert "Request pending" in client.get("/en/organisations/").content.decode()
    # The organisation's admin is told, in English.
    assert [m.to for m in mail.outbox] == [["org_admin@example.org"]]
    assert mail.outbox[0].subject == "person asks to join Transparency Watch"
    assert "I monitor procurement." in mail.outbox[0].body
    assert "http://testserver/en/organisations/requests/" in mail.outbox[0].body

    admin = client_for("org_admin", world)
    requests_page = admin.get("/en/organisations/requests/").content.decode()
    assert "person asks to join Transparency Watch" in requests_page
    new = MembershipRequest.objects.get(user=people["person"])
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/en/organisations/requests/{new.pk}/approve/", {"role": "admin"})
    membership = Membership.objects.get(user=people["person"], organisation=a)
    assert membership.role == Membership.Role.ADMIN
    new.refresh_from_db()
    assert new.status == MembershipRequest.Status.APPROVED
    assert new.decided_by == people["org_admin"] and new.decided_at
    assert mail.outbox[-1].to == ["person@example.org"]
    assert mail.outbox[-1].subject == "You are now a member of Transparency Watch"
    assert "Your role: Administrator." in mail.outbox[-1].body


def test_emails_go_out_in_each_recipients_language(world, django_capture_on_commit_callbacks):
    a, people = world["a"], world["people"]
    spanish_admin = make_user("admin_es", language="es")
    Membership.objects.create(user=spanish_admin, organisation=a, role=Membership.Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request_create(user=people["person"], organisation=a, message="")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["org_admin@example.org"].subject == "person asks to join Transparency Watch"
    assert by_recipient["admin_es@example.org"].subject == "person pide unirse a Transparency Watch"
    assert "/es/organisations/requests/" in by_recipient["admin_es@example.org"].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request_refuse(
            membership_request=world["pending"], decided_by=people["org_admin"]
        )
    assert mail.outbox[0].to == ["applicant@example.org"]  # the applicant reads Spanish
    assert mail.outbox[0].subject == "Su solicitud para unirse a Transparency Watch fue rechazada"


def test_a_second_pending_request_is_refused_with_a_message(world):
    people, a = world["people"], world["a"]
    with pytest.raises(ValidationError):
        services.membership_request_create(user=people["applicant"], organisation=a)
    client = client_for("applicant", world)
    response = client.post(f"/en/organisations/{a.pk}/join/", {"message": "again"})
    assert response.status_code == 200
    assert "You have already asked to join this organisation." in response.content.decode()
    assert "again</textarea>" in response.content.decode()


def test_a_decided_request_cannot_be_decided_again(world):
    admin = world["people"]["org_admin"]
    services.membership_request_refuse(membership_request=world["pending"], decided_by=admin)
    with pytest.raises(ValidationError):
        services.membership_request_approve(membership_request=world["pending"], decided_by=admin)


def test_an_organisation_keeps_at_least_one_admin(world):
    admin = world["people"]["org_admin"]
    own = Membership.objects.get(user=admin, organisation=world["a"])
    with pytest.raises(ValidationError):
        services.membership_remove(membership=own, removed_by=admin)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=own, role=Membership.Role.MEMBER, changed_by=admin)
    client = client_for("org_admin", world)
    response = client.post(f"/en/organisations/memberships/{own.pk}/remove/", follow=True)
    assert "An organisation keeps at least one administrator." in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_services_check_rights_themselves(world):
    people = world["people"]
    with pytest.raises(PermissionDenied):
        services.membership_request_approve(membership_request=world["pending"], decided_by=people["member"])
    member = Membership.objects.get(user=people["member"])
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=member, removed_by=people["other_org_admin"])


def test_members_page_is_for_the_organisations_admins(world):
    a = world["a"]
    assert client_for("org_admin", world).get(f"/en/organisations/{a.pk}/members/").status_code == 200
    assert client_for("staff", world).get(f"/en/organisations/{a.pk}/members/").status_code == 200
    for actor in ("person", "member", "other_org_admin"):
        assert client_for(actor, world).get(f"/en/organisations/{a.pk}/members/").status_code == 403


def test_requests_page_lists_only_the_organisations_one_administers(world):
    b_request = MembershipRequest.objects.create(user=world["people"]["person"], organisation=world["b"])
    page = client_for("org_admin", world).get("/en/organisations/requests/").content.decode()
    assert f'id="request-{world["pending"].pk}"' in page
    assert f'id="request-{b_request.pk}"' not in page
    staff_page = client_for("staff", world).get("/en/organisations/requests/").content.decode()
    assert f'id="request-{b_request.pk}"' in staff_page


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("actor", ["org_admin", "staff"])
def test_requests_and_members_pages_query_counts_do_not_grow(world, actor):
    a = world["a"]
    client = client_for(actor, world)
    pages = ["/en/organisations/requests/", f"/en/organisations/{a.pk}/members/"]
    before = [_queries(client, url) for url in pages]
    for n in range(15):
        newcomer = make_user(f"newcomer{n}")
        MembershipRequest.objects.create(user=newcomer, organisation=a, message=f"Hello {n}")
        Membership.objects.create(user=make_user(f"member{n}"), organisation=a)
    assert [_queries(client, url) for url in pages] == before


def test_organisation_list_query_count_does_not_grow_with_organisations(world):
    client = client_for("member", world)
    before = _queries(client, "/en/organisations/")
    Organisation.objects.bulk_create(Organisation(name=f"Org {n}", sector=Sector.BUSINESS) for n in range(40))
    MembershipRequest.objects.create(user=world["people"]["member"], organisation=world["b"])
    assert _queries(client, "/en/organisations/") == before
