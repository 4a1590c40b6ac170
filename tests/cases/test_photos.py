"""Photos: JPEG, PNG and WebP are kept without any metadata (EXIF, GPS, text chunks), turned
upright first; anything else is refused. Built in the test, with Pillow."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from commitments.cases import services
from commitments.cases.photos import NotAPhoto, photo_without_metadata

from .fixtures import file_case, jpeg_with_gps, photo


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_jpeg_with_gps_loses_every_exif_tag():
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(0x8825)  # the GPS position is there to start with
    clean = photo_without_metadata(upload(jpeg_with_gps(), "phone.JPG"))
    data = clean.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and not stored.getexif() and "exif" not in stored.info
    assert b"PhoneMaker" not in data and clean.name == "phone.jpg"


def test_the_photo_is_turned_upright_before_its_orientation_tag_goes():
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    stored = Image.open(photo_without_metadata(upload(out.getvalue(), "tall.jpg")))
    assert stored.size == (20, 40)


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_without_metadata(kind):
    image = Image.new("RGBA", (10, 10), (10, 200, 10, 255))
    out = io.BytesIO()
    extra = {}
    if kind == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Rosa Quispe")
        extra["pnginfo"] = info
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    image.save(out, format=kind, exif=exif, **extra)
    data = photo_without_metadata(upload(out.getvalue(), f"x.{kind.lower()}")).read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == kind and not stored.getexif()
    assert b"Rosa Quispe" not in data and b"PhoneMaker" not in data


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00" + b"\x00" * 64, b"GIF89a" + b"\x00" * 32, b"%PDF-1.4\n"],
)
def test_anything_but_a_photo_is_refused(data):
    with pytest.raises(NotAPhoto):
        photo_without_metadata(upload(data, "photo.jpg"))


@pytest.mark.django_db
def test_a_hidden_cases_photo_is_not_served_to_the_public(world):
    case = file_case(world, photo=photo())
    event = case.events.get()
    url = f"/en/cases/{case.number}/evidence/{event.pk}/photo/"
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    services.case_hide(case=case, actor=world.user("staff"), reason="A face is visible.")
    assert Client().get(url).status_code == 404
    staff = Client()
    staff.force_login(world.user("staff"))
    assert staff.get(url).status_code == 200
