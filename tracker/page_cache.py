"""Public pages cached for crowds: anonymous responses stored by data version, language and URL.

Most visitors are anonymous and read pages that change only when the record changes, so their
responses are kept in the shared cache (Redis or the database) and served without running the
view. What keeps this correct:

- **Only anonymous, cookie-less requests** are served from or stored in the cache: a request
  with a session or messages cookie, or any method but GET/HEAD, goes to the view. A response
  that sets a cookie (a CSRF token, a session) is never stored, so nothing that belongs to one
  visitor (the follow box, the menu, a token) can reach another.
- **Only pages listed by URL name** (``PAGE_CACHE_URL_NAMES``: the record's Wagtail pages, the
  explorer and its exports). Pages that change with anything else (report status, accounts)
  are never cached.
- **Each stored page holds the versions it was made at**, and is served only while they are
  current. The record's version changes after every write: any model saved or deleted (except
  the bookkeeping models in ``PAGE_CACHE_IGNORED_MODELS``), any POST (so a ``QuerySet.update()``
  in a view counts too); the ``page_cache_version`` hooks add theirs (the explorer's facts
  version, which bulk imports bump). The key holds the URL (the language is in the path),
  ``HX-Request`` and today's date (lateness changes at midnight). A hit costs one round trip to
  the cache: the versions and the page are read together (``page_lookup``).
- **Conditional requests:** each cached page has an ETag and Last-Modified (when the version
  last changed), and a matching ``If-None-Match`` gets 304 without a body. Browsers must
  revalidate every time (``max-age=0``), so a change shows at once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag

from wagtail import hooks

logger = logging.getLogger(__name__)

VERSION_KEY = "tracker:record-version"
VERSION_HOOK = "page_cache_version"
SAFE_METHODS = ("GET", "HEAD")
# Headers stored with a cached page; the rest (Date, per-response ids) are made again.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Reporting-Endpoints",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Vary",
)

_local = threading.local()


# -- the record's version -----------------------------------------------------------------------


def record_version() -> tuple[str, float]:
    """The current version token and when it was made (a POSIX timestamp)."""
    return _split_version(cache.get(VERSION_KEY))


def _split_version(value: str | None) -> tuple[str, float]:
    if value is None:
        value = _new_version()
    token, _, stamp = value.partition("@")
    return token, float(stamp)


def data_version() -> tuple[str, float]:
    """The record's version joined with the ``page_cache_version`` hooks' (what they follow
    without model signals, such as bulk imports of facts), and when the record version was made.
    Cached pages and the API's ETags (commitments.api) both derive from it, so one change makes
    both stale."""
    _found, version, stamp = _read_with_versions([])
    return version, stamp


def _read_with_versions(keys: list[str]) -> tuple[dict, str, float]:
    """``keys`` read in one ``get_many`` with the versions: what was found, the joined version
    and the record version's time. A version hook that names its cache key (``hook.cache_key``)
    is read in the same round trip; any other is called."""
    version_hooks = hooks.get_hooks(VERSION_HOOK)
    hook_keys = [getattr(hook, "cache_key", None) for hook in version_hooks]
    found = cache.get_many([VERSION_KEY, *keys, *(name for name in hook_keys if name)])
    token, stamp = _split_version(found.get(VERSION_KEY))
    extras = [
        str(found[name] if name and name in found else hook())
        for hook, name in zip(version_hooks, hook_keys, strict=True)
    ]
    return found, ":".join([token, *extras]), stamp


def _new_version() -> str:
    # Whole seconds: Last-Modified and If-Modified-Since have no finer grain.
    value = f"{uuid.uuid4().hex}@{int(timezone.now().timestamp())}"
    cache.set(VERSION_KEY, value, None)
    return value


def record_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every cached page stale once the current transaction commits (at once outside one).

    Many saves in one transaction (an import, a seed) register one callback, not thousands.
    """
    connection = connections[using]
    if not connection.in_atomic_block or not settings.PAGE_CACHE_BUMP_ON_COMMIT:
        _bump_on_commit()
        return
    if any(func is _bump_on_commit for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_bump_on_commit, using=using)


def _bump_on_commit() -> None:
    # The write has already landed: an unreachable cache (Redis down, or the cache table not
    # created yet on a first `migrate`) must not turn it into an error. While the cache is
    # unreachable no page is served from it either; stored pages expire after
    # PAGE_CACHE_SECONDS at the latest.
    try:
        _new_version()
    except Exception:  # any cache backend's error
        logger.warning("page cache: could not bump the record version", exc_info=True)


def _ignored(model) -> bool:
    return model._meta.label_lower in settings.PAGE_CACHE_IGNORED_MODELS


def _on_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None, **kwargs) -> None:
    if _ignored(sender):
        return
    # Signing in stamps last_login: not a change to anything a public page shows.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    record_changed(using)


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if not _ignored(sender):
        record_changed(using)


def _on_m2m(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_") and not _ignored(type(instance)):
        record_changed(using)


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="tracker.page_cache.save")
    post_delete.connect(_on_delete, dispatch_uid="tracker.page_cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="tracker.page_cache.m2m")


# -- which requests ------------------------------------------------------------------------------


def _cookie_free(request: HttpRequest) -> bool:
    personal = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")
    return not any(name in request.COOKIES for name in personal)


def _listed(request: HttpRequest) -> bool:
    path = request.path_info
    language = translation.get_language_from_path(path)
    urlconf = getattr(request, "urlconf", None)
    resolve_path = _view_name if len(path) <= MEMO_PATH_LENGTH else _view_name.__wrapped__
    return resolve_path(settings.ROOT_URLCONF, urlconf, language, path) in settings.PAGE_CACHE_URL_NAMES


# Paths up to this length have their view remembered (per process, at most MEMO_PATHS of them).
MEMO_PATH_LENGTH = 300
MEMO_PATHS = 4096


@functools.lru_cache(maxsize=MEMO_PATHS)
def _view_name(root_urlconf: str, urlconf: str | None, language: str | None, path: str) -> str | None:
    """The URL name that serves ``path``, resolved in the path's own language.

    This middleware runs before LocaleMiddleware, so the language active in this thread is the
    previous request's: ``/es/...`` only resolved when the thread's last visitor read Spanish,
    and Spanish pages were cached now and then. Resolving (every URL pattern is tried before
    Wagtail's catch-all) was also a fifth of a cached hit's work: the answer is remembered.
    """
    with translation.override(language):
        try:
            return resolve(path, urlconf).view_name
        except Resolver404:
            return None


class Lookup:
    """What one round trip to the cache found for a request: the page's key, the versions now
    (the record's, and the ``page_cache_version`` hooks'), the ETag and Last-Modified they give,
    and the stored page if it was made at these versions."""

    __slots__ = ("etag", "key", "stamp", "stored", "version")

    def __init__(self, key: str, version: str, etag: str, stamp: float, stored: dict | None):
        self.key, self.version, self.etag, self.stamp, self.stored = key, version, etag, stamp, stored


def page_lookup(request: HttpRequest) -> Lookup:
    """One ``get_many`` for the versions and the page together (a hit costs one round trip).

    The key is the URL's (with the day, the language in the path and ``HX-Request``); the page
    is stored with the versions it was made at, and a stored page made at other versions is
    stale: it is made again and stored over.
    """
    today = timezone.localdate().isoformat()
    hx = request.headers.get("HX-Request", "")
    where = f"{today}|{hx}|{request.get_full_path()}"
    key = "tracker:page:" + hashlib.sha256(where.encode()).hexdigest()[:40]
    found, version, stamp = _read_with_versions([key])
    etag = quote_etag(hashlib.sha256(f"{version}|{where}".encode()).hexdigest()[:40])
    stored = found.get(key)
    if stored is not None and stored.get("version") != version:
        stored = None
    return Lookup(key, version, etag, stamp, stored)


def page_key(request: HttpRequest) -> tuple[str, str, float]:
    """The cache key, the ETag (which changes with every version) and the version's time."""
    lookup = page_lookup(request)
    return lookup.key, lookup.etag, lookup.stamp


# -- the middleware -----------------------------------------------------------------------------


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous pages (see the module's docstring); bump the version on writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            # After a signed-in person's write, whatever it wrote: a QuerySet.update() sends no
            # signal. (Anonymous posts, such as a report request or a CSP report, change nothing
            # a page shows, and must not let anyone empty the cache at will.)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not _changes_nothing_shown(request):
                record_changed()
            return response
        if not (settings.PAGE_CACHE_ENABLED and _cookie_free(request) and _listed(request)):
            return self.get_response(request)

        try:
            lookup = page_lookup(request)
        except Exception:  # an unreachable cache: the page is served uncached
            logger.warning("page cache: the cache is unreachable", exc_info=True)
            return self.get_response(request)
        if lookup.stored is not None:
            response = _rebuild(lookup.stored)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not _storable(response):
                return response
            response["ETag"] = lookup.etag
            response["Last-Modified"] = http_date(lookup.stamp)
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            patch_vary_headers(response, ("Cookie", "HX-Request"))
            try:
                cache.set(lookup.key, _freeze(response, lookup.version), settings.PAGE_CACHE_SECONDS)
            except Exception:  # the page is served all the same
                logger.warning("page cache: could not store a page", exc_info=True)
            response["X-Page-Cache"] = "miss"
        if lookup.etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _not_modified(response)
        return response


def _changes_nothing_shown(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_POST_UNCHANGED_URL_NAMES


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _freeze(response: HttpResponse, version: str) -> dict:
    headers = {
        name: response[name]
        for name in (*STORED_HEADERS, "ETag", "Last-Modified", "Cache-Control")
        if name in response
    }
    return {"content": response.content, "headers": headers, "version": version}


def _rebuild(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response[name] = value
    return response


def _not_modified(response: HttpResponse) -> HttpResponse:
    not_modified = HttpResponseNotModified()
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in response:
            not_modified[name] = response[name]
    return not_modified


# -- shared parts of personal pages --------------------------------------------------------------
#
# A signed-in person's page is rendered for them (the menu, the follow box, what they may do), but
# most of it is the record, the same for everyone who may do the same things. Such a part is
# stored like a page: by the record's version, the day, the URL, the language, and what the
# viewer may do there (``viewer``: the permissions that part reads, never who they are). Parts
# holding a CSRF token are never stored. Off with the page cache (``PAGE_CACHE_ENABLED``).

FRAGMENT_PREFIX = "tracker:fragment:"
CSRF_MARK = b"csrfmiddlewaretoken"


class Fragments:
    """What one round trip found of a page's shared parts for one kind of viewer."""

    __slots__ = ("found", "keys", "version")

    def __init__(self, keys: dict[str, str], version: str, found: dict[str, str]):
        self.keys, self.version, self.found = keys, version, found

    @property
    def complete(self) -> bool:
        """Every part was found: the page's record context need not be built at all."""
        return len(self.found) == len(self.keys)

    def get(self, name: str) -> str | None:
        return self.found.get(name)

    def store(self, name: str, html: str) -> None:
        if name not in self.keys or CSRF_MARK in html.encode():
            return
        try:
            cache.set(self.keys[name], {"version": self.version, "html": html}, settings.PAGE_CACHE_SECONDS)
        except Exception:  # the page is served all the same
            logger.warning("page cache: could not store a fragment", exc_info=True)
        self.found[name] = html


def fragments_lookup(request: HttpRequest, names: tuple[str, ...], viewer: dict) -> Fragments | None:
    """The shared parts ``names`` of this request's page for a viewer who may do ``viewer``
    (a dict of plain values: booleans, URLs), in one ``get_many`` with the versions.

    None when nothing may be shared: the cache is off or unreachable, or the request is not a GET.
    """
    if not settings.PAGE_CACHE_ENABLED or request.method not in SAFE_METHODS:
        return None
    where = "|".join(
        (
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.headers.get("HX-Request", ""),
            request.get_full_path(),
            repr(sorted(viewer.items())),
        )
    )
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    keys = {name: f"{FRAGMENT_PREFIX}{name}:{digest}" for name in names}
    try:
        found, version, _stamp = _read_with_versions(list(keys.values()))
    except Exception:  # an unreachable cache: the page is rendered whole
        logger.warning("page cache: the cache is unreachable", exc_info=True)
        return None
    fresh = {}
    for name, key in keys.items():
        stored = found.get(key)
        if stored is not None and stored.get("version") == version:
            fresh[name] = stored["html"]
    return Fragments(keys, version, fresh)
