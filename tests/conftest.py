from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devdata.demo import SAMPLE


def ensure_home_and_site():
    """The tree root, home page and default site, as the migrations make them.

    Transactional tests end by emptying every table, which removes what the data
    migrations created; this puts it back for the next one.
    """
    from wagtail.models import Locale, Page, Site

    from tracker.models import HomePage

    if Site.objects.filter(is_default_site=True).exists():
        return
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Open Commitments Tracker", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as `make run`'s is, not Django's shared memory.

    In shared memory the live server's threads would use the test's own connection (Django
    shares it with them), so the browser tests' server and the report worker they run would
    take turns in one connection's transactions. With a file each thread has its own
    connection, with the settings' WAL, busy timeout and IMMEDIATE transactions. One file per
    session and per xdist worker, in pytest's temporary directory.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


@pytest.fixture
def sample_csv() -> Path:
    """OGP's 60-row sample export (see devdata/data/README.md)."""
    return SAMPLE


@pytest.fixture
def sample_copy(tmp_path, sample_csv) -> Path:
    """A writable copy of the sample, for tests that alter it."""
    target = tmp_path / "export.csv"
    shutil.copy(sample_csv, target)
    return target


@pytest.fixture
def imported(db, sample_csv):
    """The sample, imported (for tests that need a fresh import of their own)."""
    from commitments.ogp.importer import import_ogp_commitments
    from tracker.planner import refresh_statistics

    report = import_ogp_commitments(sample_csv)
    refresh_statistics()
    return report


@pytest.fixture(scope="module")
def imported_once(django_db_setup, django_db_blocker):
    """The sample, imported once for a whole module of tests that only read it.

    Like TestCase.setUpTestData: the import happens in an outer transaction that is rolled
    back after the module; each test runs in a savepoint inside it, so what a test writes is
    undone after that test.
    """
    from django.db import transaction

    from commitments.ogp.importer import import_ogp_commitments
    from tracker.planner import refresh_statistics

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            report = import_ogp_commitments(SAMPLE)
            refresh_statistics()
            yield report
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts in English: the test client leaves the last request's language active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the explorer keeps its counts there)."""
    from django.core.cache import cache

    cache.clear()
    yield


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enable_totp(user, secret: str = TEST_TOTP_SECRET):
    """Turn on two-factor (an authenticator app) for a user, as staff and POCs must have it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The code an authenticator app would show now for that secret."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
