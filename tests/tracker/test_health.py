"""/healthz and /readyz: what a load balancer reads before sending traffic."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tracker import health
from tracker.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_when_a_worker_ran_the_heartbeat(client):
    worker_heartbeat.call()
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "worker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_is_unavailable_before_any_worker_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker == {"ok": False, "ms": worker["ms"], "error": "no worker heartbeat yet"}


def test_readyz_says_how_old_a_stale_heartbeat_is(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 180
    health.heartbeat_stamp(timezone.now() - datetime.timedelta(seconds=600))
    response = client.get("/readyz")
    assert response.status_code == 503
    error = response.json()["checks"]["worker"]["error"]
    assert error.startswith("the last worker heartbeat is ") and error.endswith(" s old")
    assert 600 <= int(error.split()[5]) < 700


def test_readyz_reports_a_database_failure_by_its_class_only(client):
    worker_heartbeat.call()

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("could not connect to server at db.internal:5432")

    with mock.patch.object(connection, "cursor", broken_cursor):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "ms": checks["database"]["ms"], "error": "RuntimeError"}
    # The host name in the exception stays in the log, not on a public address.
    assert b"db.internal" not in response.content
    assert checks["cache"]["ok"] and checks["worker"]["ok"]


def test_readyz_reports_a_cache_that_loses_what_it_stored(client):
    worker_heartbeat.call()
    with mock.patch.object(cache, "get", side_effect=lambda key, *a, **k: None if "readyz" in key else "x"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["error"] == "the cache did not return what was stored"


def test_readyz_reports_a_storage_it_cannot_write_to(client, settings):
    worker_heartbeat.call()
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": "/proc/no-such-dir/evidence"},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["error"] == "the evidence storage's directory is not writable"


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_load_balancer_probing_by_address_over_http_gets_an_answer(client, settings, path):
    # Production: only the public host name, and every http request redirected to https.
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    worker_heartbeat.call()
    response = client.get(path, HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Everything else still obeys both rules.
    assert client.get("/en/", HTTP_HOST="10.0.0.5").status_code == 400
    assert client.get("/en/", HTTP_HOST="tracker.example.org").status_code == 301
