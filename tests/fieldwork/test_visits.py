"""Site visits: recorded through the page with photos (location from the photo or typed in, the
stored files stripped), shown on the commitment page and the visits page, a contradiction shown
in words with a link to open a case, hidden visits, and bad input."""

from __future__ import annotations

import datetime
import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.models import SiteVisit, VisitPhoto
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.selectors import visit_contradicts

from .photo_files import LATITUDE, LONGITUDE, huge_png, jpeg

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(world, client, **extra):
    data = {
        "milestone": world.milestone.pk,
        "visited_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "observed_status": "notMet",
        "observations": "The site is empty: no works started.",
    }
    data.update(extra)
    return client.post(reverse("commitments:visit_create", args=[world.commitment.ogp_id]), data)


def test_a_visit_with_a_gps_photo_is_placed_where_the_photo_was_taken_and_stored_stripped(world):
    photo = SimpleUploadedFile("site.jpg", jpeg(), content_type="image/jpeg")
    response = _post(world, _client(world.user("verified")), photos=[photo])
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    assert (float(visit.latitude), float(visit.longitude)) == pytest.approx((LATITUDE, LONGITUDE))
    assert visit.location_source == SiteVisit.LocationSource.PHOTO
    assert visit.author == world.user("verified") and visit.commitment_id == world.commitment.pk
    stored = VisitPhoto.objects.get(visit=visit)
    with stored.image.open("rb") as handle:
        data = handle.read()
    reopened = Image.open(io.BytesIO(data))
    assert dict(reopened.getexif()) == {} and b"Ana Example" not in data and b"PhoneMaker" not in data
    with stored.thumbnail.open("rb") as handle:
        assert dict(Image.open(handle).getexif()) == {}


def test_a_typed_location_wins_over_none_and_a_photo_without_gps_keeps_the_visit_unplaced(world):
    client = _client(world.user("verified"))
    _post(world, client, photos=[SimpleUploadedFile("a.jpg", jpeg(gps=None))])
    unplaced = SiteVisit.objects.get()
    assert unplaced.latitude is None and unplaced.location_source == ""
    assert unplaced.photos.count() == 1
    _post(world, client, latitude="-12.5", longitude="130.25", observations="Typed")
    typed = SiteVisit.objects.get(observations="Typed")
    assert (typed.latitude, typed.longitude) == (pytest.approx(-12.5), pytest.approx(130.25))
    assert typed.location_source == SiteVisit.LocationSource.TYPED


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"latitude": "91", "longitude": "0"}, "less than or equal to 90"),
        ({"latitude": "10", "longitude": "-181"}, "greater than or equal to -180"),
        ({"latitude": "10"}, "Give both latitude and longitude."),
        ({"visited_on": "2999-01-01"}, "A visit cannot be in the future."),
        ({"observations": ""}, "This field is required."),
    ],
)
def test_bad_input_comes_back_with_a_clear_message_and_the_input_kept(world, extra, message):
    response = _post(world, _client(world.user("verified")), **extra)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if extra.get("observations") != "":
        assert "The site is empty: no works started." in body  # nothing typed is lost
    assert not SiteVisit.objects.exists()


def test_a_huge_picture_and_a_renamed_file_are_refused_by_name(world):
    huge = SimpleUploadedFile("big.png", huge_png(), content_type="image/png")
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/jpeg")
    response = _post(world, _client(world.user("verified")), photos=[huge, fake])
    assert response.status_code == 400
    body = response.content.decode()
    assert "big.png is too large a picture: at most 40 megapixels." in body
    assert "photo.jpg is not a JPEG, PNG or WebP photo we can read." in body
    assert not SiteVisit.objects.exists() and not VisitPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(world, settings, monkeypatch):
    monkeypatch.setattr("commitments.fieldwork.forms.EVIDENCE_MAX_BYTES", 1000)
    response = _post(
        world, _client(world.user("verified")), photos=[SimpleUploadedFile("a.jpg", jpeg(size=(400, 400)))]
    )
    assert response.status_code == 400
    assert "a photo can be at most 1000" in response.content.decode()


@pytest.mark.parametrize(
    ("observed", "approved", "contradicts"),
    [
        ("notMet", "met", True),
        ("partiallyMet", "met", True),
        ("met", "scheduled", True),
        ("met", "met", False),
        ("scheduled", "scheduled", False),
        ("", "met", False),
    ],
)
def test_a_visit_contradicts_the_record_when_what_was_seen_is_not_the_approved_status(
    observed, approved, contradicts
):
    assert visit_contradicts(observed, approved) is contradicts


def _visit(world, **extra):
    values = {
        "milestone": world.milestone,
        "author": world.user("verified"),
        "visited_on": timezone.localdate(),
        "observations": "Seen on site",
        "observed_status": "notMet",
        "photos": [photo_clean(jpeg())],
    }
    values.update(extra)
    return services.site_visit_record(**values)


def test_the_commitment_page_says_in_words_that_a_visit_contradicts_the_record_and_links_to_a_case(world):
    world.milestone.status = "met"
    world.milestone.save()
    visit = _visit(world)
    body = Client().get(world.commitment.url).content.decode()
    assert "Contradicts the record:" in body
    assert "seen as “Not met”, while the approved status is “Met”." in body
    assert (
        f"/en/cases/new/{world.commitment.pk}/?milestone={world.milestone.pk}&amp;category=quality&amp;from_visit={visit.pk}"
        in body
    )
    assert 'id="visits-map"' in body and 'aria-label="Map of the site visits listed below"' in body
    assert "fieldwork/leaflet/leaflet.js" in body


def test_a_visit_that_agrees_with_the_record_is_not_flagged(world):
    _visit(world, observed_status="scheduled")
    body = Client().get(world.commitment.url).content.decode()
    assert "Seen on site" in body and "Contradicts the record:" not in body


def test_the_case_link_is_in_the_pages_language(world):
    world.milestone.status = "met"
    world.milestone.save()
    _visit(world)
    body = Client().get(
        reverse("commitments:commitment_visits", args=[world.commitment.ogp_id]).replace("/en/", "/es/")
    )
    assert f"/es/cases/new/{world.commitment.pk}/?milestone={world.milestone.pk}" in body.content.decode()


def test_the_visits_page_lists_every_visit_with_its_photos_and_works_without_javascript(world):
    visit = _visit(world)
    _visit(world, photos=[], observations="Second visit")
    body = (
        Client()
        .get(reverse("commitments:commitment_visits", args=[world.commitment.ogp_id]))
        .content.decode()
    )
    assert "Seen on site" in body and "Second visit" in body
    photo = visit.photos.get()
    assert reverse("commitments:visit_photo", args=[photo.pk, "thumbnail"]) in body
    assert reverse("commitments:visit_photo", args=[photo.pk, "image"]) in body
    assert 'id="visits-map-points"' in body and str(LATITUDE) in body


def test_a_photo_is_served_as_a_stripped_jpeg_that_cannot_run_as_the_site(world):
    photo = _visit(world).photos.get()
    response = Client().get(reverse("commitments:visit_photo", args=[photo.pk, "image"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert dict(Image.open(io.BytesIO(b"".join(response.streaming_content))).getexif()) == {}


def test_a_hidden_visit_shows_only_its_reason_to_the_public_and_its_photos_to_staff_only(world):
    visit = _visit(world)
    services.site_visit_hide(visit=visit, actor=world.user("staff"), reason="It showed a person's face.")
    visit.refresh_from_db()
    assert visit.hidden_by == world.user("staff") and visit.hidden_at is not None
    assert SiteVisit.objects.filter(pk=visit.pk).exists()  # nothing deleted
    public = (
        Client()
        .get(reverse("commitments:commitment_visits", args=[world.commitment.ogp_id]))
        .content.decode()
    )
    assert "It showed a person's face." in public.replace("&#x27;", "'")
    assert "Seen on site" not in public
    photo = visit.photos.get()
    url = reverse("commitments:visit_photo", args=[photo.pk, "image"])
    assert Client().get(url).status_code == 404
    assert _client(world.user("verified")).get(url).status_code == 404
    assert _client(world.user("staff")).get(url).status_code == 200
    page = Client().get(world.commitment.url).content.decode()
    assert "Seen on site" not in page


def test_hiding_needs_a_reason(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.site_visit_hide(visit=_visit(world), actor=world.user("staff"), reason="  ")


def test_the_csp_lets_the_map_load_tiles_from_the_configured_tile_server(world, settings):
    from urllib.parse import urlsplit

    tiles = urlsplit(settings.LEAFLET_TILE_URL)
    header = Client().get(world.commitment.url)["Content-Security-Policy"]
    img_src = next(d for d in header.split(";") if d.strip().startswith("img-src")).split()
    assert f"{tiles.scheme}://{tiles.netloc}" in img_src
    assert "'unsafe-inline'" not in header.split("script-src")[1].split(";")[0]


def test_the_page_says_how_to_get_to_record_a_visit(world):
    record = reverse("commitments:visit_create", args=[world.commitment.ogp_id])
    anonymous = Client().get(world.commitment.url).content.decode()
    assert "Sign in to record a site visit" in anonymous and f"next={record.replace('/', '%2F')}" in anonymous
    unverified = _client(world.user("unverified")).get(world.commitment.url).content.decode()
    assert "first verify your email address" in unverified and f'href="{record}"' not in unverified
    verified = _client(world.user("verified")).get(world.commitment.url).content.decode()
    assert f'href="{record}"' in verified and "Sign in to record" not in verified


def test_a_removed_milestone_leaves_its_visits_on_the_commitment_under_its_title(world):
    visit = _visit(world)
    world.milestone.delete()  # as an edit in the admin or an older revision published would
    visit.refresh_from_db()
    assert visit.milestone is None and visit.milestone_title == "Data published"
    body = (
        Client()
        .get(reverse("commitments:commitment_visits", args=[world.commitment.ogp_id]))
        .content.decode()
    )
    assert "Data published" in body and "Seen on site" in body and "Contradicts the record:" not in body


def test_staff_cannot_delete_a_commitment_with_visits_in_the_admin(world):
    _visit(world)
    staff = _client(world.user("staff"))
    url = reverse("wagtailadmin_pages:delete", args=[world.commitment.pk])
    for response in (staff.get(url), staff.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    staff.post(f"{bulk}?id={world.commitment.pk}")
    plan = world.commitment.get_parent()
    staff.post(reverse("wagtailadmin_pages:delete", args=[plan.pk]))
    assert type(world.commitment).objects.filter(pk=world.commitment.pk).exists()
    assert SiteVisit.objects.count() == 1
    other = world.other_commitment  # no visits: staff may still delete it
    staff.post(f"{bulk}?id={other.pk}")
    assert not type(other).objects.filter(pk=other.pk).exists()


def test_the_case_link_opens_the_case_form_filled_in_from_the_visit(world):
    from commitments.fieldwork.selectors import case_url

    world.milestone.status = "met"
    world.milestone.save()
    visit = _visit(world)
    response = _client(world.user("verified")).get(case_url(visit))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["category"] == "quality" and form.initial["milestone"] == world.milestone.pk
    assert str(visit.pk) in form.initial["description"]
