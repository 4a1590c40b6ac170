"""Who may do what with a case: every role × every action, through the policy, the services and
direct POSTs to the pages (the admin's door: test_admin.py)."""

from __future__ import annotations

import datetime

import pytest

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.utils import timezone

from commitments.cases import permissions, services
from commitments.cases.models import Case, CaseEvent, CaseState
from commitments.models import Organisation

from .fixtures import answer, file_case

ROLES = [
    "visitor",
    "unverified",
    "person",
    "filer",
    "poc",
    "other_poc",
    "reviewer",
    "civil_society",
    "other_civil_society",
    "staff",
]


def filed(world):
    return file_case(world)


def overdue(world):
    return file_case(world, now=timezone.now() - datetime.timedelta(days=40))


def answered(world):
    return answer(world, file_case(world))


def escalated(world):
    case = answered(world)
    return services.case_rate(case=case, actor=world.user("filer"), rating=2, accept=False)


def taken(world):
    case = escalated(world)
    watchdog = Organisation.objects.get(name="Watchdog")
    return services.case_take(case=case, actor=world.user("civil_society"), organisation=watchdog)


def hidden(world):
    case = file_case(world)
    return services.case_hide(case=case, actor=world.user("staff"), reason="Personal data removed.")


# action: (the case it needs, the POST data, the roles that may, the state it leads to)
ACTIONS = {
    "acknowledge": (filed, {"acknowledge-text": "Seen."}, {"poc"}, CaseState.ACKNOWLEDGED),
    "answer": (
        filed,
        {"answer-text": "Fixed.", "answer-evidence_url": "https://example.org/e"},
        {"poc"},
        CaseState.ANSWERED,
    ),
    "rate": (answered, {"rate-rating": "4", "rate-decision": "accept"}, {"filer"}, CaseState.CLOSED),
    "escalate": (overdue, {"escalate-text": "No answer."}, {"filer"}, CaseState.ESCALATED),
    "take": (escalated, {"take-taker": "forum"}, {"reviewer"}, None),
    "record_action": (taken, {"record_action-text": "We wrote to the ministry."}, {"civil_society"}, None),
    "close": (
        taken,
        {"close-outcome": "not_resolved", "close-note": "No change."},
        {"civil_society", "staff"},
        CaseState.CLOSED,
    ),
    "withdraw": (filed, {"withdraw-text": "Sorted out."}, {"filer"}, CaseState.CLOSED),
    "moderate": (filed, {"moderate-reason": "Personal data removed."}, {"staff"}, None),
    "unhide": (hidden, {"unhide-reason": "Restored after review."}, {"staff"}, None),
}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_through_a_direct_post_by_each_role(world, action):
    make, data, allowed, _state = ACTIONS[action]
    for role in ROLES:
        with transaction.atomic():
            case = make(world)
            events = case.events.count()
            if action == "take" and role in ("civil_society", "other_civil_society"):
                organisation = Organisation.objects.get(
                    name="Watchdog" if role == "civil_society" else "Other Watch"
                )
                data = {"take-taker": str(organisation.pk)}
            response = client_for(world.user(role)).post(f"/en/cases/{case.number}/{action}/", data)
            may = role in allowed or (action == "take" and role in ("civil_society", "other_civil_society"))
            after = Case.objects.get(pk=case.pk)
            if may:
                assert response.status_code == 302, (role, response.status_code)
                assert after.events.count() > events, role
            else:
                assert response.status_code in (302, 403), role
                if response.status_code == 302:
                    assert response["Location"].startswith("/en/accounts/login/"), role
                assert after.events.count() == events, role
                assert after.state == case.state and after.hidden == case.hidden, role
            transaction.set_rollback(True)
        data = ACTIONS[action][1]


@pytest.mark.django_db
def test_filing_needs_a_verified_email_through_the_page_and_the_service(world):
    url = f"/en/cases/new/{world.commitment.pk}/"
    data = {"category": "delay", "description": "Late.", "shown_as": "verified_person"}
    assert client_for(None).post(url, data)["Location"].startswith("/en/accounts/login/")
    response = client_for(world.user("unverified")).post(url, data)
    assert response.status_code == 403
    assert "Verify your email address first" in response.content.decode()
    with pytest.raises(PermissionDenied):
        file_case(world, filer=world.user("unverified"))
    assert not Case.objects.exists()
    for role in ROLES[2:]:
        assert client_for(world.user(role)).post(url, data).status_code == 302, role
    assert Case.objects.count() == len(ROLES) - 2


@pytest.mark.django_db
def test_someone_elses_poc_cannot_acknowledge_or_answer_even_through_the_service(world):
    case = file_case(world)
    with pytest.raises(PermissionDenied):
        services.case_acknowledge(case=case, actor=world.user("other_poc"))
    with pytest.raises(PermissionDenied):
        services.case_answer(case=case, actor=world.user("other_poc"), text="x", evidence_url="https://e.org")
    # Staff neither: the answer is the implementer's.
    with pytest.raises(PermissionDenied):
        services.case_answer(case=case, actor=world.user("staff"), text="x", evidence_url="https://e.org")
    assert Case.objects.get(pk=case.pk).state == CaseState.FILED


@pytest.mark.django_db
def test_the_filer_rates_once(world):
    case = answered(world)
    services.case_rate(case=case, actor=world.user("filer"), rating=2, accept=False)
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.case_rate(case=case, actor=world.user("filer"), rating=5, accept=True)
    response = client_for(world.user("filer")).post(
        f"/en/cases/{case.number}/rate/", {"rate-rating": "5", "rate-decision": "accept"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.rating == 2 and case.events.filter(action="rated").count() == 1


@pytest.mark.django_db
def test_the_filer_escalates_only_after_a_deadline_passed(world):
    case = file_case(world)
    assert not permissions.can_escalate(world.user("filer"), case)
    with pytest.raises(PermissionDenied):
        services.case_escalate(case=case, actor=world.user("filer"))
    assert permissions.can_escalate(world.user("filer"), case, now=case.acknowledge_due)


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["resolved", "withdrawn"])
def test_nobody_changes_a_closed_case(world, outcome):
    case = taken(world)
    if outcome == "withdrawn":
        services.case_close(case=case, actor=world.user("filer"), outcome="withdrawn", note="Done.")
    else:
        services.case_close(case=case, actor=world.user("civil_society"), outcome="resolved", note="Done.")
    events = CaseEvent.objects.filter(case=case).count()
    for role in ROLES:
        user = world.user(role)
        allowed = permissions.actions_for(user, case)
        assert not any(may for name, may in allowed.items() if name != "moderate"), role
        for action, (_make, data, _allowed, _state) in ACTIONS.items():
            if action == "moderate":
                continue
            response = client_for(user).post(f"/en/cases/{case.number}/{action}/", data)
            assert response.status_code in (302, 403), (role, action)
            if response.status_code == 302:
                assert role == "visitor"
    assert CaseEvent.objects.filter(case=case).count() == events
    with pytest.raises(PermissionDenied):
        services.case_close(case=case, actor=world.user("staff"), outcome="not_resolved", note="Again.")


@pytest.mark.django_db
def test_hiding_keeps_everything_and_shows_the_reason(world):
    case = file_case(world, description="My neighbour Ivan Petrenko at 12 Main St did it.")
    services.case_hide(case=case, actor=world.user("staff"), reason="Personal data removed.")
    case.refresh_from_db()
    assert case.description.startswith("My neighbour")  # nothing deleted
    public = Client().get(f"/en/cases/{case.number}/").content.decode()
    assert "Personal data removed." in public and "Petrenko" not in public
    export = Client().get("/en/cases/export.csv").content.decode()
    assert "Personal data removed." in export and "Petrenko" not in export
    assert "Petrenko" in client_for(world.user("staff")).get(f"/en/cases/{case.number}/").content.decode()
    assert "Petrenko" in client_for(world.user("filer")).get(f"/en/cases/{case.number}/").content.decode()
    assert "Petrenko" not in client_for(world.user("poc")).get(f"/en/cases/{case.number}/").content.decode()
