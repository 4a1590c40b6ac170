"""The Wagtail admin's door: staff list, filter and inspect cases (and see who filed), and hide
one with a reason; nobody adds, edits or deletes a case there, and nobody else gets in."""

from __future__ import annotations

import pytest

from django.test import Client

from commitments.cases.models import Case

from .fixtures import file_case

LIST = "/admin/snippets/commitments_cases/case/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_list_filter_and_inspect_cases_with_the_filer(world):
    case = file_case(world)
    other = file_case(world, category="cost")
    staff = client_for(world.user("staff"))
    listing = staff.get(LIST)
    assert listing.status_code == 200
    assert "rosa-q" in listing.content.decode()
    filtered = staff.get(LIST, {"category": "cost"}).content.decode()
    assert f"inspect/{other.pk}/" in filtered and f"inspect/{case.pk}/" not in filtered
    inspect = staff.get(f"{LIST}inspect/{case.pk}/")
    assert inspect.status_code == 200 and "The data portal has been offline" in inspect.content.decode()


@pytest.mark.django_db
def test_nobody_adds_edits_or_deletes_a_case_in_the_admin(world):
    case = file_case(world)
    staff = client_for(world.user("staff"))
    for url in (f"{LIST}add/", f"{LIST}edit/{case.pk}/", f"{LIST}delete/{case.pk}/"):
        assert staff.get(url).status_code in (302, 403, 404), url
        assert staff.post(url, {"description": "Changed", "state": "closed"}).status_code in (
            302,
            403,
            404,
        ), url
    case.refresh_from_db()
    assert case.state == "filed" and case.description.startswith("The data portal")
    assert Case.objects.filter(pk=case.pk).exists()
    listing = staff.get(LIST).content.decode()
    assert f"{LIST}edit/{case.pk}/" not in listing and f"{LIST}delete/{case.pk}/" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["poc", "reviewer", "filer", "civil_society"])
def test_others_cannot_read_or_moderate_cases_in_the_admin(world, role):
    case = file_case(world)
    client = client_for(world.user(role))
    assert client.get(f"{LIST}inspect/{case.pk}/").status_code in (302, 403)
    response = client.post(f"/admin/cases/{case.pk}/hide/", {"reason": "Spam"})
    assert response.status_code in (302, 403)
    case.refresh_from_db()
    assert not case.hidden


@pytest.mark.django_db
def test_staff_hide_a_case_in_the_admin_with_a_reason(world):
    case = file_case(world)
    staff = client_for(world.user("staff"))
    response = staff.post(f"/admin/cases/{case.pk}/hide/", {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    case.refresh_from_db()
    assert not case.hidden
    response = staff.post(f"/admin/cases/{case.pk}/hide/", {"reason": "Abusive language."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.hidden and case.hidden_reason == "Abusive language." and case.hidden_by == world.user("staff")
    assert case.events.filter(action="hidden").count() == 1
