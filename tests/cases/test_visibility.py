"""Cases on a commitment the public may not see (a draft, a members-only section) are not
listed, exported or shown to those who may not see the commitment itself."""

from __future__ import annotations

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction

from commitments.models import CommitmentPage

from .fixtures import file_case

pytestmark = pytest.mark.django_db


def seen(client: Client, number: int) -> dict[str, bool]:
    return {
        "list": f"/en/cases/{number}/" in client.get("/en/cases/").content.decode(),
        "export": "Bridge works stopped." in client.get("/en/cases/export.csv").content.decode(),
        "page": client.get(f"/en/cases/{number}/").status_code == 200,
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_public_commitments_case_is_listed_exported_and_shown(world):
    case = file_case(world, description="Bridge works stopped.")
    assert seen(Client(), case.number) == {"list": True, "export": True, "page": True}


def test_a_members_only_commitments_case_is_shown_only_to_those_the_restriction_lets_in(world):
    case = file_case(world, description="Bridge works stopped.")
    PageViewRestriction.objects.create(
        page=world.commitment.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert seen(Client(), case.number) == {"list": False, "export": False, "page": False}
    # The page follows the commitment's own restriction (signed in passes a LOGIN one); the
    # public list and export stay the public's.
    assert seen(signed_in(world.user("person")), case.number)["page"] is True
    assert seen(signed_in(world.user("staff")), case.number)["page"] is True


def test_an_unpublished_commitments_case_is_shown_to_staff_only(world):
    case = file_case(world, description="Bridge works stopped.")
    CommitmentPage.objects.get(pk=world.commitment.pk).unpublish()
    assert seen(Client(), case.number) == {"list": False, "export": False, "page": False}
    assert seen(signed_in(world.user("filer")), case.number)["page"] is False
    assert seen(signed_in(world.user("staff")), case.number)["page"] is True
