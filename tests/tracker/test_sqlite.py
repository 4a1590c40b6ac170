"""On SQLite the site and the PDF report worker write to one file at once (`make run`; the live
server and the worker in the browser tests): every connection gets WAL, a busy timeout and
IMMEDIATE transactions, in every settings module, and only on SQLite."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Opens a connection as the settings make it, to the file DATABASE_URL names, and reads back what
# SQLite itself says, not what the settings say.
PROBE = """
import django, json
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    pragmas = {}
    for name in ("journal_mode", "busy_timeout", "synchronous"):
        cursor.execute(f"PRAGMA {name}")
        pragmas[name] = cursor.fetchone()[0]
print(json.dumps({"vendor": connection.vendor, "transaction_mode": connection.transaction_mode, **pragmas}))
"""
SQLITE_AS_CONFIGURED = {
    "vendor": "sqlite",
    "transaction_mode": "IMMEDIATE",
    "journal_mode": "wal",
    "busy_timeout": 20_000,  # milliseconds
    "synchronous": 1,  # NORMAL
}


def probe(settings_module: str, database: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DJANGO_SECRET_KEY": "x" * 60,
            "DATABASE_URL": f"sqlite:///{database}",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("settings_module", ["dev", "test", "production"])
def test_every_sqlite_connection_gets_wal_a_busy_timeout_and_immediate_transactions(
    settings_module, tmp_path
):
    database = tmp_path / "db.sqlite3"
    assert probe(f"tracker.settings.{settings_module}", database) == SQLITE_AS_CONFIGURED
    # WAL is a property of the file: a plain connection, without Django's options, finds it too.
    with closing(sqlite3.connect(database)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_gets_none_of_the_sqlite_options():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.DATABASES['default']['OPTIONS']))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
            "DATABASE_URL": "postgres://user:pw@db.example.org:5432/tracker",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


@pytest.mark.django_db
def test_the_test_database_is_a_file_configured_the_same_way():
    """The browser tests' live server and report worker use it as `make run`'s site and worker do."""
    if connection.vendor != "sqlite":  # the PostgreSQL run
        assert "transaction_mode" not in connection.settings_dict["OPTIONS"]
        return
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]
    assert (journal_mode, busy_timeout, connection.transaction_mode) == ("wal", 20_000, "IMMEDIATE")
