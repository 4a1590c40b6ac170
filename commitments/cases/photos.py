"""Photos attached to cases: JPEG, PNG or WebP only, checked by decoding them with Pillow, and
stored without any metadata (EXIF can name the phone and place a person at an address).

A small helper of our own rather than site visits' (issue 15's other half, written beside this
one): both strip the same way, with Pillow, by writing the pixels again without the metadata.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PHOTO_MAX_PIXELS = 40_000_000


class NotAPhoto(ValueError):
    pass


def photo_without_metadata(upload: UploadedFile) -> SimpleUploadedFile:
    """The photo, decoded and written again in its own format, turned upright by its EXIF
    orientation first, with no EXIF, XMP, ICC profile or text chunks left. Raises ``NotAPhoto``
    for anything that is not a JPEG, PNG or WebP picture."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            if kind not in PHOTO_FORMATS:
                raise NotAPhoto(kind)
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise NotAPhoto("too large")
            image.load()
            upright = ImageOps.exif_transpose(image)
            # A fresh image holds pixels only: nothing of ``info`` (exif, xmp, icc_profile…)
            # travels with it.
            clean = Image.new(upright.mode, upright.size)
            clean.paste(upright)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAPhoto(str(error)) from error
    finally:
        upload.seek(0)
    if kind == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    out = io.BytesIO()
    clean.save(out, format=kind, **({"quality": 88} if kind != "PNG" else {}))
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return SimpleUploadedFile(
        f"{stem}.{PHOTO_FORMATS[kind]}", out.getvalue(), content_type=CONTENT_TYPES[kind]
    )
