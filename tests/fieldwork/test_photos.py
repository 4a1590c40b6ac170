"""EXIF: the location is read from a photo's GPS, and nothing of the camera's metadata is left in
the stored file. Pure functions, photos built in the test."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from commitments.fieldwork.photos import PhotoRefused, dms_to_decimal, gps_location, photo_clean

from .photo_files import CAMERA, LATITUDE, LONGITUDE, huge_png, jpeg, png_with_text


def test_a_photo_with_gps_gives_its_location_in_signed_decimal_degrees():
    cleaned = photo_clean(jpeg())
    assert cleaned.location == pytest.approx((LATITUDE, LONGITUDE), abs=1e-6)


def test_the_stored_photo_has_no_exif_left_not_even_the_gps():
    original = Image.open(io.BytesIO(jpeg()))
    assert original.getexif().get(0x013B) == "Ana Example"  # the test photo does carry it
    stored = Image.open(io.BytesIO(photo_clean(jpeg()).image))
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(0x8825) == {}
    assert "exif" not in stored.info and "xmp" not in stored.info
    raw = photo_clean(jpeg()).image
    for value in CAMERA.values():
        assert value.encode() not in raw
    assert b"Exif\x00\x00" not in raw


def test_the_thumbnail_has_no_exif_either_and_is_small():
    thumbnail = Image.open(io.BytesIO(photo_clean(jpeg(size=(1600, 1200))).thumbnail))
    assert dict(thumbnail.getexif()) == {}
    assert max(thumbnail.size) <= 480


def test_the_orientation_is_applied_before_the_tag_is_dropped():
    # Orientation 6: the camera was turned; the picture is shown rotated 90° clockwise.
    cleaned = photo_clean(jpeg(orientation=6, size=(64, 32)))
    stored = Image.open(io.BytesIO(cleaned.image))
    assert (cleaned.width, cleaned.height) == (32, 64) == stored.size
    top = stored.getpixel((16, 4))
    assert top[0] > 200 and top[2] < 60  # red (the left half) is now on top


def test_a_photo_without_gps_has_no_location_and_is_kept():
    cleaned = photo_clean(jpeg(gps=None))
    assert cleaned.location is None
    assert Image.open(io.BytesIO(cleaned.image)).size == (64, 32)


@pytest.mark.parametrize(
    "gps",
    [
        {1: "S", 2: (34.0, 36.0, 13.32)},  # no longitude
        {1: "Q", 2: (34.0, 36.0, 13.32), 3: "W", 4: (58.0, 22.0, 53.76)},  # no such hemisphere
        {1: "S", 2: (134.0, 0.0, 0.0), 3: "W", 4: (58.0, 22.0, 53.76)},  # latitude past the pole
        {1: "S", 2: (34.0, 75.0, 0.0), 3: "W", 4: (58.0, 22.0, 53.76)},  # 75 minutes
        {1: "S", 2: (34.0, 36.0, 13.0, 1.0), 3: "W", 4: (58.0, 22.0, 53.76)},  # four numbers
    ],
)
def test_a_malformed_gps_gives_no_location_and_does_not_refuse_the_photo(gps):
    cleaned = photo_clean(jpeg(gps=gps))
    assert cleaned.location is None
    assert dict(Image.open(io.BytesIO(cleaned.image)).getexif()) == {}


@pytest.mark.parametrize(
    ("dms", "ref", "expected"),
    [
        ((34, 36, 13.32), "S", -34.6037),
        ((58, 22, 53.76), "W", -58.3816),
        ((51, 30, 0), "N", 51.5),
        ((0, 7, 39.6), "W", -0.1276667),
        (((34, 1), (36, 1), (1332, 100)), b"S", -34.6037),  # rationals as pairs, ref as bytes
    ],
)
def test_degrees_minutes_seconds_become_signed_decimal_degrees(dms, ref, expected):
    assert dms_to_decimal(dms, ref) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("dms", "ref"), [((34, 36, 0), ""), ((34, 60, 0), "N"), ((-3, 0, 0), "N"), ((), "N")]
)
def test_malformed_degrees_are_refused(dms, ref):
    with pytest.raises(ValueError):
        dms_to_decimal(dms, ref)


def test_gps_location_of_an_image_with_no_exif_is_none():
    assert gps_location(Image.new("RGB", (2, 2)).getexif()) is None


def test_png_text_chunks_and_xmp_are_not_kept_and_transparency_is_flattened():
    stored = Image.open(io.BytesIO(photo_clean(png_with_text()).image))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert not {"Author", "XML:com.adobe.xmp", "xmp"} & set(stored.info)
    assert b"Ana Example" not in photo_clean(png_with_text()).image


def test_a_huge_picture_is_refused_before_it_is_decoded():
    data = huge_png()
    assert len(data) < 1_000_000  # small file, huge picture
    with pytest.raises(PhotoRefused) as refused:
        photo_clean(data)
    assert refused.value.code == "too_big"


@pytest.mark.parametrize("data", [b"\xff\xd8\xff\xe0not really a jpeg", b"%PDF-1.4", b""])
def test_what_is_not_a_picture_is_refused_as_unreadable(data):
    with pytest.raises(PhotoRefused) as refused:
        photo_clean(data)
    assert refused.value.code == "unreadable"


def test_xmp_in_a_jpeg_is_removed_and_the_colour_profile_kept():
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(
        out, "JPEG", xmp=b"<x:xmpmeta>Ana Example</x:xmpmeta>", icc_profile=icc
    )
    assert b"Ana Example" in out.getvalue()
    cleaned = photo_clean(out.getvalue())
    stored = Image.open(io.BytesIO(cleaned.image))
    assert b"Ana Example" not in cleaned.image and "xmp" not in stored.info
    assert stored.info.get("icc_profile") == icc  # colours, not people
