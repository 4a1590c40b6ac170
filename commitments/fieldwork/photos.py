"""Photos from the field: where they were taken (EXIF GPS), and a stored copy with nothing else
of the camera's metadata left. Pure functions of bytes (no models, no database), so feedback
cases can reuse them.

Why strip: EXIF holds the camera's serial number, the owner's name, the time to the second and
often a thumbnail of the uncropped picture; XMP and PNG text chunks hold as much. The only fact
kept is the location, read first and stored as the visit's, never in the file. The picture is
re-encoded from its pixels (turned the way the camera meant, since the orientation tag goes
too), so no metadata block can survive by accident. The colour profile (ICC) describes colours,
not people, and is kept.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from fractions import Fraction

from PIL import Image, ImageOps, UnidentifiedImageError

# The EXIF IFD that holds GPS tags, and the tags used from it.
GPS_IFD = 0x8825
GPS_LATITUDE_REF = 1
GPS_LATITUDE = 2
GPS_LONGITUDE_REF = 3
GPS_LONGITUDE = 4

# A photo bigger than this (in pixels) is refused before it is decoded: a small file can
# declare a huge picture (a "decompression bomb") that would fill the memory.
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 480)
JPEG_QUALITY = 85


class PhotoRefused(ValueError):
    """The file is not a photo we can read, or it is too big. ``code`` says which."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes  # JPEG, no metadata but the colour profile
    thumbnail: bytes  # JPEG, no metadata
    width: int
    height: int
    location: tuple[float, float] | None  # (latitude, longitude) from the EXIF GPS, if any


def _number(value) -> float:
    """An EXIF rational (IFDRational, a (numerator, denominator) pair or a number) as a float."""
    if isinstance(value, tuple) and len(value) == 2:
        numerator, denominator = value
        return float(Fraction(numerator, denominator))
    result = float(value)
    if math.isnan(result) or math.isinf(result):
        raise ValueError("not a number")
    return result


def dms_to_decimal(dms, ref: str) -> float:
    """Degrees, minutes and seconds with their hemisphere ("N", "S", "E", "W") as signed decimal
    degrees. Raises ValueError for anything malformed."""
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    ref = (ref or "").strip().upper()[:1]
    if ref not in {"N", "S", "E", "W"}:
        raise ValueError(f"unknown hemisphere {ref!r}")
    parts = tuple(dms) if isinstance(dms, list | tuple) else (dms,)
    if not 1 <= len(parts) <= 3:
        raise ValueError("degrees, minutes, seconds expected")
    degrees, minutes, seconds = [*map(_number, parts), 0.0, 0.0][:3]
    if degrees < 0 or not 0 <= minutes < 60 or not 0 <= seconds < 60:
        raise ValueError("out of range")
    value = degrees + minutes / 60 + seconds / 3600
    return -value if ref in {"S", "W"} else value


def gps_location(exif: Image.Exif) -> tuple[float, float] | None:
    """(latitude, longitude) from an image's EXIF, or None if it has no GPS or a malformed one
    (a bad GPS block never refuses the photo: the person types the place in instead)."""
    try:
        gps = exif.get_ifd(GPS_IFD)
    except Exception:  # a broken IFD is "no location", whatever Pillow raises
        return None
    if not gps or GPS_LATITUDE not in gps or GPS_LONGITUDE not in gps:
        return None
    try:
        latitude = dms_to_decimal(gps[GPS_LATITUDE], gps.get(GPS_LATITUDE_REF, ""))
        longitude = dms_to_decimal(gps[GPS_LONGITUDE], gps.get(GPS_LONGITUDE_REF, ""))
    except (ValueError, TypeError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return round(latitude, 6), round(longitude, 6)


def _encode(image: Image.Image, icc_profile: bytes | None = None) -> bytes:
    out = io.BytesIO()
    options = {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(out, **options)
    return out.getvalue()


def photo_clean(data: bytes, *, max_pixels: int = MAX_PIXELS) -> CleanPhoto:
    """Read a photo's location, then re-encode it (turned upright) with no metadata, and make its
    thumbnail. Raises PhotoRefused("unreadable") or PhotoRefused("too_big")."""
    try:
        source = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise PhotoRefused("too_big") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise PhotoRefused("unreadable") from exc
    if source.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
        raise PhotoRefused("unreadable")
    # Checked from the header, before any pixel is decoded.
    if source.width * source.height > max_pixels:
        raise PhotoRefused("too_big")
    location = gps_location(source.getexif())
    icc_profile = source.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(source)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        # A fresh image holds pixels only: no info dict, no EXIF, XMP or text chunks to carry over.
        pixels = Image.new(upright.mode, upright.size)
        pixels.paste(upright)
        image = _encode(pixels, icc_profile)
        thumbnail = pixels.copy()
        thumbnail.thumbnail(THUMBNAIL_SIZE)
        thumb = _encode(thumbnail)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRefused("unreadable") from exc
    return CleanPhoto(image, thumb, pixels.width, pixels.height, location)
