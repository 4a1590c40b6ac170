"""Photos chosen on a visit form that fails validation are kept: stored cleaned for the person
who chose them, shown as already attached (a box each to leave one out), taken by the visit when
the form is sent again, private to their owner, and pruned after a day."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork.models import PendingVisitPhoto, SiteVisit

from .photo_files import jpeg, png_with_text

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(world, client, **extra):
    data = {
        "milestone": str(world.milestone.pk),
        "visited_on": timezone.localdate().isoformat(),
        "observed_status": "notMet",
        "observations": "Nothing built.",
        **extra,
    }
    return client.post(reverse("commitments:visit_create", args=[world.commitment.ogp_id]), data)


def photo(name="site.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg(**kwargs), content_type="image/jpeg")


def test_photos_on_a_refused_form_are_kept_shown_and_taken_by_the_visit(world):
    client = client_for(world.user("verified"))
    refused = post(world, client, observations="", photos=[photo("a.jpg"), photo("b.jpg", gps=None)])
    assert refused.status_code == 400
    kept = list(PendingVisitPhoto.objects.order_by("pk"))
    assert [p.owner for p in kept] == [world.user("verified")] * 2
    page = refused.content.decode()
    assert "Photos already attached" in page and "you need not choose them again" in page
    for pending in kept:
        assert f'name="keep_photo" value="{pending.pk}"' in page
        thumbnail = reverse("commitments:visit_pending_photo", args=[pending.pk, "thumbnail"])
        assert thumbnail in page
        served = client.get(thumbnail)
        assert served.status_code == 200
        assert dict(Image.open(io.BytesIO(b"".join(served.streaming_content))).getexif()) == {}
    assert not SiteVisit.objects.exists()

    ids = [str(p.pk) for p in kept]
    response = post(world, client, keep_photo=ids, offered_photo=ids)
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    assert visit.photos.count() == 2
    # The location came from the kept photo's GPS, read when it was first chosen.
    assert visit.location_source == "photo"
    assert visit.latitude == Decimal("-34.603700")
    assert not PendingVisitPhoto.objects.exists()


def test_an_unticked_kept_photo_is_left_out_and_new_ones_join_the_kept(world):
    client = client_for(world.user("verified"))
    post(world, client, observations="", photos=[photo("a.jpg"), photo("b.jpg")])
    first, second = PendingVisitPhoto.objects.order_by("pk")
    response = post(
        world,
        client,
        keep_photo=[str(second.pk)],
        offered_photo=[str(first.pk), str(second.pk)],
        photos=[photo("c.jpg", gps=None)],
    )
    assert response.status_code == 302
    assert SiteVisit.objects.get().photos.count() == 2  # the second kept one and the new one
    assert not PendingVisitPhoto.objects.exists()


def test_a_photo_that_cannot_be_read_is_refused_and_the_good_one_is_kept(world):
    client = client_for(world.user("verified"))
    bad = SimpleUploadedFile("notes.png", png_with_text()[:40], content_type="image/png")
    refused = post(world, client, photos=[photo("good.jpg"), bad])
    assert refused.status_code == 400
    assert "notes.png is not a JPEG, PNG or WebP photo we can read." in refused.content.decode()
    assert PendingVisitPhoto.objects.count() == 1
    assert "Your photo is kept: you need not choose it again." in refused.content.decode()


def test_no_more_than_six_photos_kept_and_new_together(world):
    client = client_for(world.user("verified"))
    post(world, client, observations="", photos=[photo(f"{n}.jpg") for n in range(4)])
    ids = [str(p.pk) for p in PendingVisitPhoto.objects.all()]
    refused = post(
        world, client, keep_photo=ids, offered_photo=ids, photos=[photo(f"n{n}.jpg") for n in range(3)]
    )
    assert refused.status_code == 400
    assert "Choose at most 6 photos." in refused.content.decode()
    assert not SiteVisit.objects.exists()


def test_someone_elses_kept_photos_are_never_found(world):
    owner = client_for(world.user("verified"))
    post(world, owner, observations="", photos=[photo()])
    pending = PendingVisitPhoto.objects.get()
    url = reverse("commitments:visit_pending_photo", args=[pending.pk, "image"])
    assert client_for(world.user("staff")).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to sign in
    other = client_for(world.user("staff"))
    response = post(world, other, keep_photo=[str(pending.pk)], offered_photo=[str(pending.pk)])
    assert response.status_code == 302
    assert SiteVisit.objects.get().photos.count() == 0
    assert PendingVisitPhoto.objects.filter(pk=pending.pk).exists()  # still the owner's


def test_kept_photos_are_pruned_after_a_day(world, settings):
    assert ("prune_pending_visit_photos",) in settings.SCHEDULED_JOBS["daily"]
    client = client_for(world.user("verified"))
    post(world, client, observations="", photos=[photo("old.jpg")])
    PendingVisitPhoto.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    post(world, client, observations="", photos=[photo("new.jpg")])
    out = StringIO()
    call_command("prune_pending_visit_photos", stdout=out)
    assert out.getvalue().strip() == "1 pending photos removed"
    assert PendingVisitPhoto.objects.count() == 1
