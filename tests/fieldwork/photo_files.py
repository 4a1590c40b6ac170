"""Photos built in the tests: with GPS and camera metadata, without, with a malformed GPS."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

# Buenos Aires' Obelisco: 34°36'13.32" S, 58°22'53.76" W.
LATITUDE, LONGITUDE = -34.6037, -58.3816
GPS = {1: "S", 2: (34.0, 36.0, 13.32), 3: "W", 4: (58.0, 22.0, 53.76)}
CAMERA = {
    0x010F: "PhoneMaker",
    0x0110: "Model X",
    0x0131: "CamApp 2.1",
    0x013B: "Ana Example",
    0xA431: "SN-123",
}


def jpeg(*, gps: dict | None = GPS, orientation: int | None = None, size=(64, 32)) -> bytes:
    exif = Image.Exif()
    for tag, value in CAMERA.items():
        exif[tag] = value
    if orientation:
        exif[0x0112] = orientation
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    # Left half red, right half blue: which way the picture was turned shows in its pixels.
    image = Image.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ana Example")
    info.add_text("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def huge_png(width: int = 9000, height: int = 9000) -> bytes:
    """81 megapixels in a few kilobytes: a picture that would fill the memory once decoded."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG", optimize=True)
    return out.getvalue()
