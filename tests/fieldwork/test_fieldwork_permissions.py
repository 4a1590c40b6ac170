"""Who may do what with site visits and consultations: every role against every action, through
the front-end pages, direct POSTs and the Wagtail admin's own views."""

from __future__ import annotations

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.models import Consultation, SiteVisit
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues

from .conftest import ROLES
from .photo_files import jpeg

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


def _visit(world, **extra) -> SiteVisit:
    values = {
        "milestone": world.milestone,
        "author": world.user("verified"),
        "visited_on": timezone.localdate(),
        "observations": "Seen",
        "observed_status": "notMet",
        "photos": [photo_clean(jpeg())],
    }
    return services.site_visit_record(**{**values, **extra})


def _consultation(world, subject=None) -> Consultation:
    return services.consultation_save(
        actor=world.user("staff"),
        subject=subject or world.commitment,
        held_on=timezone.localdate(),
        format="online",
        summary="Draft plan",
        participants={"civil_society": 4},
        inputs=[InputValues(said="Publish contracts")],
    )


def open_visit_form(world, client):
    return _ok(client.get(reverse("commitments:visit_create", args=[world.commitment.ogp_id])))


def post_visit(world, client):
    response = client.post(
        reverse("commitments:visit_create", args=[world.commitment.ogp_id]),
        {
            "milestone": world.milestone.pk,
            "visited_on": timezone.localdate().isoformat(),
            "observed_status": "met",
            "observations": "Posted visit",
        },
    )
    created = SiteVisit.objects.filter(observations="Posted visit").exists()
    assert _ok(response) == created
    return created


def open_consultation_form(world, client):
    return _ok(client.get(reverse("commitments:consultation_create", args=[world.commitment.pk])))


def _consultation_data(summary: str) -> dict:
    return {
        "held_on": timezone.localdate().isoformat(),
        "format": "in_person",
        "summary": summary,
        "participants_government": "2",
        "participants_civil_society": "5",
        "inputs-TOTAL_FORMS": "1",
        "inputs-INITIAL_FORMS": "0",
        "inputs-0-said": "Open the data",
        "inputs-0-answer": "adopted",
        "inputs-0-reason": "Published in May",
    }


def post_consultation(world, client):
    response = client.post(
        reverse("commitments:consultation_create", args=[world.commitment.pk]), _consultation_data("Posted")
    )
    created = Consultation.objects.filter(summary="Posted").exists()
    assert _ok(response) == created
    return created


def post_plan_consultation(world, client):
    plan = world.commitment.get_parent()
    response = client.post(
        reverse("commitments:consultation_create", args=[plan.pk]), _consultation_data("Plan")
    )
    created = Consultation.objects.filter(summary="Plan", plan=plan).exists()
    assert _ok(response) == created
    return created


def answer_consultation(world, client):
    consultation = _consultation(world)
    response = client.post(
        reverse("commitments:consultation_edit", args=[consultation.pk]), _consultation_data("Answered")
    )
    consultation.refresh_from_db()
    changed = consultation.summary == "Answered"
    assert _ok(response) == changed
    return changed


def answer_other_members_consultation(world, client):
    consultation = _consultation(world, world.other_commitment)
    client.post(reverse("commitments:consultation_edit", args=[consultation.pk]), _consultation_data("Other"))
    consultation.refresh_from_db()
    return consultation.summary == "Other"


def hide_visit_in_the_admin(world, client):
    visit = _visit(world)
    response = client.post(
        reverse("wagtailsnippets_commitments_fieldwork_sitevisit:edit", args=[visit.pk]),
        {"hidden": "on", "hidden_reason": "A face"},
    )
    visit.refresh_from_db()
    listing = reverse("wagtailsnippets_commitments_fieldwork_sitevisit:list")
    assert visit.hidden == (response.status_code == 302 and response["Location"].startswith(listing))
    return visit.hidden


def list_visits_in_the_admin(world, client):
    _visit(world)
    return client.get(reverse("wagtailsnippets_commitments_fieldwork_sitevisit:list")).status_code == 200


def see_hidden_visit_photo(world, client):
    visit = _visit(world)
    services.site_visit_hide(visit=visit, actor=world.user("staff"), reason="A face")
    url = reverse("commitments:visit_photo", args=[visit.photos.get().pk, "image"])
    return client.get(url).status_code == 200


EVERYONE_SIGNED_IN_AND_VERIFIED = {"verified", "poc", "other_poc", "reviewer", "staff"}
ACTIONS = {
    open_visit_form: EVERYONE_SIGNED_IN_AND_VERIFIED,
    post_visit: EVERYONE_SIGNED_IN_AND_VERIFIED,
    open_consultation_form: {"poc", "reviewer", "staff"},
    post_consultation: {"poc", "reviewer", "staff"},
    post_plan_consultation: {"poc", "reviewer", "staff"},
    answer_consultation: {"poc", "reviewer", "staff"},
    answer_other_members_consultation: {"other_poc", "staff"},
    hide_visit_in_the_admin: {"staff"},
    list_visits_in_the_admin: {"staff"},
    see_hidden_visit_photo: {"staff"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS), ids=lambda a: a.__name__)
def test_permission_table(world, role, action):
    allowed = action(world, _client(world, role))
    assert allowed == (role in ACTIONS[action]), f"{role} {action.__name__}"


def test_staff_without_two_factor_cannot_hide_and_a_poc_without_it_cannot_record(world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user__in=[world.user("staff"), world.user("poc")]).delete()
    assert not hide_visit_in_the_admin(world, _client(world, "staff"))
    assert not post_consultation(world, _client(world, "poc"))
    assert not post_visit(world, _client(world, "poc"))  # a POC must turn two-factor on first


def test_the_admin_never_deletes_or_adds_a_visit_and_consultations_are_read_only(world):
    visit = _visit(world)
    consultation = _consultation(world)
    staff = _client(world, "staff")
    for name in ("delete",):
        url = reverse(f"wagtailsnippets_commitments_fieldwork_sitevisit:{name}", args=[visit.pk])
        assert staff.post(url).status_code in (302, 403)
    assert SiteVisit.objects.filter(pk=visit.pk).exists()
    assert staff.get(reverse("wagtailsnippets_commitments_fieldwork_sitevisit:add")).status_code in (302, 403)
    for name in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_commitments_fieldwork_consultation:{name}", args=[consultation.pk])
        assert staff.post(url, {"summary": "x"}).status_code in (302, 403)
    consultation.refresh_from_db()
    assert consultation.summary == "Draft plan"
    inspect = staff.get(
        reverse("wagtailsnippets_commitments_fieldwork_consultation:inspect", args=[consultation.pk])
    )
    assert inspect.status_code == 200


def test_hiding_in_the_admin_needs_a_reason_and_records_who(world):
    visit = _visit(world)
    staff = _client(world, "staff")
    url = reverse("wagtailsnippets_commitments_fieldwork_sitevisit:edit", args=[visit.pk])
    refused = staff.post(url, {"hidden": "on", "hidden_reason": ""})
    assert refused.status_code == 200 and "the public sees the reason" in refused.content.decode()
    visit.refresh_from_db()
    assert not visit.hidden
    staff.post(url, {"hidden": "on", "hidden_reason": "A face"})
    visit.refresh_from_db()
    assert visit.hidden and visit.hidden_by == world.user("staff") and visit.hidden_reason == "A face"


def test_every_front_end_post_needs_a_csrf_token(world):
    consultation = _consultation(world)
    posts = [
        reverse("commitments:visit_create", args=[world.commitment.ogp_id]),
        reverse("commitments:consultation_create", args=[world.commitment.pk]),
        reverse("commitments:consultation_edit", args=[consultation.pk]),
    ]
    for url in posts:
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user("staff"))
        assert client.post(url, {"summary": "x"}).status_code == 403, url
