"""The only URLs WeasyPrint may fetch while rendering a report: ``data:`` and our own static files.

Report templates refer to static files by their usual URL (``{% static %}``), resolved against
``BASE_URL``, a host that exists nowhere; the fetcher maps exactly those URLs to files through
Django's staticfiles finders (or STATIC_ROOT) and refuses everything else (``file:``, outside
``http(s):``, other hosts, paths that climb out with ``..``) without opening any connection.
"""

from __future__ import annotations

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

from django.conf import settings
from django.contrib.staticfiles import finders

# A reserved name (RFC 2606): never resolvable, so a slip can never reach a real server.
BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    """Answers ``data:`` URLs and this site's static files; refuses and records everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, **kwargs)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = static_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"Reports may not fetch {url}")
        found = finders.find(path)
        if not found and settings.STATIC_ROOT:
            candidate = settings.STATIC_ROOT / path if hasattr(settings.STATIC_ROOT, "joinpath") else None
            found = str(candidate) if candidate and candidate.is_file() else None
        if not found:
            self.refused.append(url)
            raise RefusedURL(f"No static file {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        self.served.append(url)
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_path(url: str) -> str | None:
    """The static file a URL names (relative to STATIC_URL), or None if it names anything else."""
    if not url.startswith(BASE_URL):
        return None
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    normal = posixpath.normpath(relative)
    if not relative or normal.startswith(("..", "/")) or normal != relative or "\\" in relative:
        return None
    return normal
