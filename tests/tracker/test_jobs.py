"""Scheduled jobs: one list (settings.SCHEDULED_JOBS) run by run_jobs and run_schedule."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest

from django.core.cache import cache
from django.core.management import CommandError, call_command

from tracker import jobs
from tracker.management.commands.run_schedule import Command as Schedule
from tracker.management.commands.run_schedule import daily_due

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_configured_job_is_a_real_command(settings):
    from django.core.management import get_commands

    commands = get_commands()
    for period in jobs.PERIODS:
        for command, _args in jobs.jobs_for(period):
            assert command in commands, f"{period} job {command} is not a management command"


def test_a_failing_job_is_reported_and_the_others_still_run(settings, monkeypatch):
    settings.SCHEDULED_JOBS = {"daily": [("no_such_command",), ("send_reminders",)], "minutely": []}
    ran = []
    real = jobs.call_command

    def recording(command, *args, **kwargs):
        ran.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(jobs, "call_command", recording)
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 daily jobs failed: no_such_command"):
        call_command("run_jobs", "daily", stdout=out)
    assert ran == ["no_such_command", "send_reminders"]
    assert "daily send_reminders: ok" in out.getvalue()


def test_the_minutely_job_enqueues_a_heartbeat_for_the_workers(settings):
    from django_tasks_db.models import DBTaskResult

    call_command("run_jobs", "minutely", stdout=StringIO())
    queued = DBTaskResult.objects.filter(task_path="tracker.tasks.worker_heartbeat")
    assert queued.count() == 1
    assert queued.get().backend_name == "reports"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 3, 2, 4, 59, tzinfo=UTC), None),
        (datetime.datetime(2026, 3, 2, 5, 0, tzinfo=UTC), datetime.date(2026, 3, 2)),
        (datetime.datetime(2026, 3, 2, 23, 59, tzinfo=UTC), datetime.date(2026, 3, 2)),
        # 06:30 in Kyiv is 04:30 UTC: the time is UTC, whatever zone "now" comes in.
        (datetime.datetime(2026, 3, 2, 6, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))), None),
    ],
)
def test_daily_jobs_are_due_from_their_utc_time(now, expected):
    assert daily_due(now, "05:00") == expected


def test_a_day_s_jobs_run_once_however_many_schedulers_tick(settings, monkeypatch):
    settings.DAILY_JOBS_AT = "05:00"
    runs = []
    monkeypatch.setattr(
        "tracker.management.commands.run_schedule.run_period",
        lambda period, stdout=None: runs.append(period) or [],
    )
    first, second = Schedule(stdout=StringIO()), Schedule(stdout=StringIO())
    morning = datetime.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    first.tick(morning)
    assert runs == ["minutely"]
    first.tick(morning.replace(hour=5, minute=1))
    second.tick(morning.replace(hour=5, minute=2))
    first.tick(morning.replace(hour=22))
    assert runs.count("daily") == 1
    first.tick(morning + datetime.timedelta(days=1, hours=2))
    assert runs.count("daily") == 2
