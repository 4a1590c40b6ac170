"""The site's one configured address, for every absolute link that leaves a request behind
(emails, PDF reports): ``WAGTAILADMIN_BASE_URL``, read from the environment in production.

Wagtail's ``Site.root_url`` is not used for this: the migrations create the default site as
``localhost`` port 80, so links built from it pointed at ``http://localhost/…``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104 (names, not a bind)


def site_url() -> str:
    """The configured address, without a trailing slash ("" when unset)."""
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (starting with "/") on the site's configured address."""
    return site_url() + path


def is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """``check --deploy``: links in emails and PDFs need a real public address."""
    url = site_url()
    if not url:
        return [
            Error(
                "WAGTAILADMIN_BASE_URL is not set: links in emails and PDF reports would have no host.",
                hint="Set the WAGTAILADMIN_BASE_URL environment variable to the site's public "
                "address, e.g. https://tracker.example.org",
                id="tracker.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Error(
                f"WAGTAILADMIN_BASE_URL ({url!r}) is not an http(s) address.",
                hint="Give the full address with its scheme, e.g. https://tracker.example.org",
                id="tracker.E002",
            )
        ]
    if is_local(url):
        return [
            Error(
                f"WAGTAILADMIN_BASE_URL ({url!r}) points at this machine: links in emails and PDF "
                "reports would lead nowhere for their readers.",
                hint="Set it to the site's public address.",
                id="tracker.E003",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                f"WAGTAILADMIN_BASE_URL ({url!r}) is not HTTPS.",
                hint="Production serves HTTPS only (SECURE_SSL_REDIRECT): use https://.",
                id="tracker.W001",
            )
        ]
    return []
