"""Moderation undone: staff show a hidden case again with a public reason, through the case's
page and the Wagtail admin; the hide stays in the history beside it, and nobody else may."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from commitments.cases import services
from commitments.cases.models import Case, CaseEvent

from .fixtures import file_case

SECRET = "My neighbour Ivan Petrenko at 12 Main St did it."
NOT_STAFF = ["poc", "reviewer", "filer", "civil_society", "person"]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def hidden_case(world) -> Case:
    case = file_case(world, description=SECRET)
    return services.case_hide(case=case, actor=world.user("staff"), reason="Personal data removed.")


@pytest.mark.django_db
def test_staff_show_a_hidden_case_again_on_its_page_and_both_steps_stay_public(world):
    case = hidden_case(world)
    assert SECRET not in Client().get(f"/en/cases/{case.number}/").content.decode()
    staff = client_for(world.user("staff"))
    page = staff.get(f"/en/cases/{case.number}/").content.decode()
    assert "Show the case&#x27;s text again" in page or "Show the case's text again" in page

    # A reason is required: the form comes back with its error, nothing changes.
    response = staff.post(f"/en/cases/{case.number}/unhide/", {"unhide-reason": "  "})
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).hidden

    response = staff.post(
        f"/en/cases/{case.number}/unhide/", {"unhide-reason": "The name was a public office."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.hidden and case.hidden_reason == "" and case.hidden_by is None
    actions = list(case.events.values_list("action", "text"))
    assert actions[-2:] == [("hidden", "Personal data removed."), ("shown", "The name was a public office.")]

    public = Client().get(f"/en/cases/{case.number}/").content.decode()
    assert SECRET in public
    assert "Shown again by moderators" in public and "The name was a public office." in public
    assert "Hidden by moderators" in public and "Personal data removed." in public  # the history
    # In Spanish too.
    spanish = Client().get(f"/es/cases/{case.number}/").content.decode()
    assert "Mostrado de nuevo por los moderadores" in spanish


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *NOT_STAFF])
def test_only_staff_show_a_case_again_through_every_door(world, role):
    case = hidden_case(world)
    user = world.user(role) if role else None
    response = client_for(user).post(f"/en/cases/{case.number}/unhide/", {"unhide-reason": "Because."})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert role is None and response["Location"].startswith("/en/accounts/login/")
    if user is not None:
        response = client_for(user).post(f"/admin/cases/{case.pk}/unhide/", {"reason": "Because."})
        assert response.status_code in (302, 403)
        with pytest.raises(PermissionDenied):
            services.case_unhide(case=case, actor=user, reason="Because.")
    case.refresh_from_db()
    assert case.hidden and not case.events.filter(action=CaseEvent.Action.SHOWN).exists()


@pytest.mark.django_db
def test_a_case_that_is_not_hidden_cannot_be_shown_again(world):
    case = file_case(world)
    with pytest.raises(PermissionDenied):
        services.case_unhide(case=case, actor=world.user("staff"), reason="Because.")
    response = client_for(world.user("staff")).post(f"/admin/cases/{case.pk}/unhide/", {"reason": "x"})
    assert response.status_code in (302, 403)  # Wagtail's admin sends a refusal back to its home
    assert not case.events.filter(action="shown").exists()


@pytest.mark.django_db
def test_staff_show_a_case_again_in_the_admin_with_a_reason(world):
    case = hidden_case(world)
    staff = client_for(world.user("staff"))
    assert staff.get(f"/admin/cases/{case.pk}/unhide/").status_code == 200
    response = staff.post(f"/admin/cases/{case.pk}/unhide/", {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    assert Case.objects.get(pk=case.pk).hidden
    with pytest.raises(ValidationError):
        services.case_unhide(case=case, actor=world.user("staff"), reason=" ")
    response = staff.post(f"/admin/cases/{case.pk}/unhide/", {"reason": "Reviewed: no personal data."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.hidden
    assert case.events.filter(action="shown", text="Reviewed: no personal data.").count() == 1
    assert case.events.filter(action="hidden").count() == 1
    # Hidden again later: a third step, nothing replaced.
    services.case_hide(case=case, actor=world.user("staff"), reason="Abuse.")
    assert list(case.events.filter(action__in=["hidden", "shown"]).values_list("action", flat=True)) == [
        "hidden",
        "shown",
        "hidden",
    ]
