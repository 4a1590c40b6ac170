"""Health checks for a load balancer or an orchestrator.

- ``/healthz``: the process is alive and answers. Touches nothing else, so a database outage
  does not make every web process look dead (it would be restarted for nothing).
- ``/readyz``: this process can serve real traffic: the database answers, the cache stores and
  returns a value, every configured storage (media, evidence) is reachable, and a background
  worker has run a task recently (the scheduler enqueues a heartbeat task every minute; the
  worker that runs it stamps the cache). 200 when all hold, 503 with what failed otherwise.

Both answer JSON, are never cached, and skip the language prefix, the CSP and the sessions
(they are routed before ``i18n_patterns`` and don't touch ``request.user``).
"""

from __future__ import annotations

import datetime
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "tracker:worker-heartbeat"
# Storages the site writes to; static files are read-only and served by WhiteNoise.
CHECKED_STORAGES = ("default", "evidence")


def heartbeat_max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "WORKER_HEARTBEAT_MAX_AGE", 180))


def heartbeat_stamp(now: datetime.datetime | None = None) -> None:
    """Record that a worker ran a task just now (called by the heartbeat task)."""
    stamp = (now or timezone.now()).isoformat()
    # Kept well beyond the maximum age, so /readyz can say how old it is rather than "missing".
    cache.set(HEARTBEAT_KEY, stamp, timeout=24 * 60 * 60)


def heartbeat_age(now: datetime.datetime | None = None) -> datetime.timedelta | None:
    stamp = cache.get(HEARTBEAT_KEY)
    if not stamp:
        return None
    return (now or timezone.now()) - datetime.datetime.fromisoformat(stamp)


def _check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def _check_cache() -> str | None:
    key = f"tracker:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    return None if value == "1" else "the cache did not return what was stored"


def _check_storages() -> str | None:
    for alias in CHECKED_STORAGES:
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            # On disk: the directory (or, before the first upload, its parent) must be writable.
            location = Path(storage.location)
            if not os.access(location if location.exists() else location.parent, os.W_OK):
                return f"the {alias} storage's directory is not writable"
        else:
            # Elsewhere (S3): listing the top level reaches the bucket and fails if it is gone or
            # the credentials are refused; nothing is written.
            storage.listdir("")
    return None


def _check_worker() -> str | None:
    age = heartbeat_age()
    if age is None:
        return "no worker heartbeat yet"
    if age > heartbeat_max_age():
        return f"the last worker heartbeat is {int(age.total_seconds())} s old"
    return None


CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "storage": _check_storages,
    "worker": _check_worker,
}


def run_checks() -> dict[str, dict]:
    """Each check's outcome: ``{"ok": bool, "ms": float, "error": str?}``."""
    results: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            problem = check()
        except Exception as exc:  # any failure means "not ready", said plainly
            logger.warning("readyz: %s check failed", name, exc_info=True)
            # The class only: an exception's text can name hosts and paths, and this is public.
            problem = type(exc).__name__
        result = {"ok": problem is None, "ms": round((time.perf_counter() - started) * 1000, 1)}
        if problem:
            result["error"] = problem
        results[name] = result
    return results


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


class HealthCheckMiddleware:
    """Answer /healthz and /readyz first, before host validation and the HTTPS redirect.

    A load balancer probes each machine by its address (``Host: 10.0.0.5``) and often over plain
    http: neither is in ``ALLOWED_HOSTS`` or HTTPS, and the other middleware would answer 400 or
    301, so the machine would look down. These two answers are the same for every host and
    hold nothing private (readyz names a failing check, never an error's text).
    """

    VIEWS = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        view = self.VIEWS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
