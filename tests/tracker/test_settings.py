"""Production settings take their secrets and hosts from the environment, and nothing else."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.ALLOWED_HOSTS, s.DEBUG, s.SESSION_COOKIE_SECURE, s.DATABASES['default']['ENGINE']]))"
)


def settings_with(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tracker.settings.production", **env},
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_with({"DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_reads_hosts_and_database_from_the_environment():
    result = settings_with(
        {
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "tracker.example.org, www.tracker.example.org",
            "DATABASE_URL": "postgres://user:pw@db.example.org:5432/tracker",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[["tracker.example.org", "www.tracker.example.org"], false, true, "django.db.backends.postgresql"]'
    )
