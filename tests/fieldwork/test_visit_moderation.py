"""Moderation of site visits undone: staff show a hidden visit again with a public reason, in the
admin's edit form or through the service; every step is kept (the hide stays in the history) and
shown on the visit's public entry; nobody else may. The admin's read-only view of a visit shows
its stored photos (stripped of metadata) and that history."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.models import SiteVisit, VisitModeration
from commitments.fieldwork.photos import photo_clean

from .photo_files import jpeg

pytestmark = pytest.mark.django_db


def record_visit(world, **extra) -> SiteVisit:
    values = {
        "milestone": world.milestone,
        "author": world.user("verified"),
        "visited_on": timezone.localdate(),
        "observations": "Seen",
        "observed_status": "notMet",
        "photos": [photo_clean(jpeg())],
    }
    return services.site_visit_record(**{**values, **extra})


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def edit_url(visit) -> str:
    return reverse("wagtailsnippets_commitments_fieldwork_sitevisit:edit", args=[visit.pk])


def visits_page(world, language="en") -> str:
    with_language = f"/{language}/" if language != "en" else "/en/"
    url = reverse("commitments:commitment_visits", args=[world.commitment.ogp_id])
    return Client().get(url.replace("/en/", with_language, 1)).content.decode().replace("&#x27;", "'")


def test_staff_show_a_hidden_visit_again_and_the_history_stays_public(world):
    visit = record_visit(world, observations="Cracks in the new bridge.")
    staff = world.user("staff")
    services.site_visit_hide(visit=visit, actor=staff, reason="It showed a person's face.")
    with pytest.raises(ValidationError):
        services.site_visit_hide(visit=SiteVisit.objects.get(pk=visit.pk), actor=staff, hidden=False)
    assert SiteVisit.objects.get(pk=visit.pk).hidden
    services.site_visit_hide(
        visit=SiteVisit.objects.get(pk=visit.pk), actor=staff, hidden=False, reason="The face is blurred now."
    )
    visit.refresh_from_db()
    assert not visit.hidden and visit.hidden_reason == "" and visit.hidden_by is None
    steps = list(visit.moderation.values_list("action", "reason", "actor"))
    assert steps == [
        ("hidden", "It showed a person's face.", staff.pk),
        ("shown", "The face is blurred now.", staff.pk),
    ]
    page = visits_page(world)
    assert "Cracks in the new bridge." in page
    assert "Hidden by moderators" in page and "It showed a person's face." in page
    assert "Shown again by moderators" in page and "The face is blurred now." in page
    assert "Mostrado de nuevo por los moderadores" in visits_page(world, "es")
    # Showing a visible visit again changes nothing and records nothing.
    services.site_visit_hide(visit=visit, actor=staff, hidden=False, reason="Again.")
    assert visit.moderation.count() == 2


@pytest.mark.parametrize("role", ["verified", "poc", "reviewer", "unverified"])
def test_only_staff_show_a_visit_again_through_every_door(world, role):
    visit = record_visit(world)
    services.site_visit_hide(visit=visit, actor=world.user("staff"), reason="A face")
    user = world.user(role)
    with pytest.raises(PermissionDenied):
        services.site_visit_hide(visit=visit, actor=user, hidden=False, reason="Why not")
    response = client_for(user).post(edit_url(visit), {"hidden_reason": "Why not"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"] or response["Location"] == "/admin/"
    visit.refresh_from_db()
    assert visit.hidden and visit.moderation.count() == 1


def test_in_the_admin_showing_again_needs_a_reason_and_an_unchanged_hide_keeps_its_reason(world):
    visit = record_visit(world)
    services.site_visit_hide(visit=visit, actor=world.user("staff"), reason="A face")
    staff = client_for(world.user("staff"))
    form = staff.get(edit_url(visit)).content.decode()
    assert "Hidden because: “A face”" in form
    # Saved with Hidden still ticked and the box empty: nothing changes.
    response = staff.post(edit_url(visit), {"hidden": "on", "hidden_reason": ""})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.hidden and visit.hidden_reason == "A face" and visit.moderation.count() == 1
    # Unticked without a reason: the form again, with its error; still hidden.
    refused = staff.post(edit_url(visit), {"hidden_reason": ""})
    assert refused.status_code == 200
    assert "Say why the visit is shown again" in refused.content.decode()
    assert SiteVisit.objects.get(pk=visit.pk).hidden
    # With a reason: shown again, both steps kept.
    response = staff.post(edit_url(visit), {"hidden_reason": "Blurred."})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert not visit.hidden
    assert list(visit.moderation.values_list("action", "reason")) == [
        ("hidden", "A face"),
        ("shown", "Blurred."),
    ]
    # Hidden again later: a third step.
    staff.post(edit_url(visit), {"hidden": "on", "hidden_reason": "Abuse."})
    assert list(SiteVisit.objects.get(pk=visit.pk).moderation.values_list("action", flat=True)) == [
        "hidden",
        "shown",
        "hidden",
    ]


def test_the_admin_inspect_view_shows_the_stripped_photos_and_the_history(world):

    visit = record_visit(world, photos=[photo_clean(jpeg()), photo_clean(jpeg())])
    services.site_visit_hide(visit=visit, actor=world.user("staff"), reason="A face")
    staff = client_for(world.user("staff"))
    url = reverse("wagtailsnippets_commitments_fieldwork_sitevisit:inspect", args=[visit.pk])
    page = staff.get(url).content.decode()
    assert "Photos (stored without their metadata)" in page
    thumbnails = re.findall(r'<img src="([^"]+/thumbnail/)"', page)
    photos = list(visit.photos.order_by("sort_order", "pk"))
    assert thumbnails == [reverse("commitments:visit_photo", args=[p.pk, "thumbnail"]) for p in photos]
    for link in re.findall(r'<a href="([^"]+/image/)"><img', page):
        response = staff.get(link)
        assert response.status_code == 200
        served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert dict(served.getexif()) == {}  # no GPS, no camera: nothing
    assert "Moderation history" in page and "A face" in page
    assert VisitModeration.objects.filter(visit=visit).count() == 1
    # Others do not get in.
    assert client_for(world.user("poc")).get(url).status_code in (302, 403)
