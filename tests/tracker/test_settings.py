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


STACK_PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.CACHES['default']['BACKEND'], "
    "s.CACHES['default']['LOCATION'], s.SESSION_ENGINE, s.SESSION_COOKIE_SECURE]))"
)
BASE_ENV = {"DJANGO_SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://user:pw@db.example.org:5432/tracker"}


def stack_with(env: dict) -> list:
    import json

    result = subprocess.run(
        [sys.executable, "-c", STACK_PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            **BASE_ENV,
            **env,
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_checked_connections_and_shares_cache_and_sessions_by_default():
    # A new PostgreSQL connection per request cost a quarter of the throughput (issue 17).
    assert stack_with({}) == [
        60,
        True,
        "django.core.cache.backends.db.DatabaseCache",
        "tracker_cache",
        "django.contrib.sessions.backends.cached_db",
        True,
    ]


def test_production_uses_redis_when_redis_url_is_set_and_honours_the_connection_age():
    conn_age, checks, backend, location, _sessions, _secure = stack_with(
        {"REDIS_URL": "redis://cache.example.org:6379/1", "DATABASE_CONN_MAX_AGE": "300"}
    )
    assert (conn_age, checks) == (300, True)
    assert (backend, location) == (
        "tracker.cache.RedisCache",
        "redis://cache.example.org:6379/1",
    )


def test_every_environment_variable_production_reads_is_documented_in_env_example():
    import re

    read = set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "tracker/settings/production.py").read_text())
    )
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "tracker/settings/base.py").read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


def test_every_environment_variable_gunicorn_reads_is_documented_in_env_example():
    import re

    read = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "deploy/gunicorn.conf.py").read_text()))
    # Documented, commented out: gunicorn's defaults suit most machines.
    documented = set(re.findall(r"^(?:# )?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert "GUNICORN_MAX_REQUESTS" in read
    # RUNTIME_DIRECTORY is set by systemd itself (the web unit's RuntimeDirectory=), not by you.
    assert read - documented == {"RUNTIME_DIRECTORY"}


def test_gunicorn_control_socket_goes_to_the_units_runtime_directory(monkeypatch, tmp_path):
    # gunicorn 25.1+ opens a control socket in ~/.gunicorn/ by default; the service's home is the
    # read-only code folder (/srv/tracker), where every start logged "Permission denied".
    import runpy

    from gunicorn.config import Config

    assert "control_socket" in Config().settings
    monkeypatch.setenv("RUNTIME_DIRECTORY", str(tmp_path))
    conf = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    assert conf["control_socket"] == str(tmp_path / "gunicorn.ctl")
    monkeypatch.delenv("RUNTIME_DIRECTORY")
    # Elsewhere (`make serve`) gunicorn's own default, in the user's runtime dir or home.
    assert "control_socket" not in runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))


def test_env_example_reads_the_same_in_the_shell_as_in_systemd():
    # The deploy guide loads /etc/tracker/env with `set -a; . FILE` and systemd reads it as an
    # EnvironmentFile: an unquoted value with a space ran its second word as a command.
    import re
    import subprocess

    path = ROOT / ".env.example"
    expected = {}
    for name, value in re.findall(r"^([A-Z_]+)=(.*)$", path.read_text(), re.MULTILINE):
        # systemd's reading: the rest of the line, one pair of surrounding double quotes removed.
        expected[name] = value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value
    names = " ".join(expected)
    script = f'set -a; . "{path}"; set +a; for n in {names}; do printf "%s=%s\\0" "$n" "${{!n}}"; done'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr == ""
    shell = dict(pair.split("=", 1) for pair in done.stdout.split("\0") if pair)
    assert shell == expected


def test_production_middleware_order_health_first_then_security_whitenoise_page_cache():
    probe = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(s.MIDDLEWARE))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import json

    order = json.loads(result.stdout)
    # Health answers before host checks; WhiteNoise right after SecurityMiddleware (its docs);
    # the page cache before sessions and locale, so a hit runs nothing else.
    assert order[:4] == [
        "tracker.health.HealthCheckMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "tracker.page_cache.AnonymousPageCacheMiddleware",
    ]
