"""One process that runs the scheduled jobs on time, for `make serve` and small deployments.

Every minute: the minutely jobs (the worker heartbeat). Once a day, at ``DAILY_JOBS_AT``
(UTC, "HH:MM"), or at start-up if today's have not run yet: the daily jobs. Which day's jobs
have run is claimed in the shared cache with ``cache.add``, so two schedulers (one per machine)
never run the same day twice. Stops on Ctrl-C or SIGTERM between jobs.
"""

from __future__ import annotations

import datetime
import signal
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from tracker.jobs import run_period


def daily_due(now: datetime.datetime, at: str) -> datetime.date | None:
    """The day whose daily jobs are due at ``now`` (UTC), or None before today's time."""
    hour, minute = (int(part) for part in at.split(":"))
    now = now.astimezone(datetime.UTC)
    if (now.hour, now.minute) >= (hour, minute):
        return now.date()
    return None


class Command(BaseCommand):
    help = "Run the scheduled jobs (settings.SCHEDULED_JOBS) on time until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between minutely runs")
        parser.add_argument("--once", action="store_true", help="one pass, then exit (for tests)")

    def handle(self, *args, interval: float, once: bool, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(
            f"Scheduler: minutely jobs every {interval:g} s, daily jobs at {settings.DAILY_JOBS_AT} UTC"
        )
        while self.running:
            # A long-lived process: drop connections past their age or broken by a restart of
            # the database, as Django does around each request.
            close_old_connections()
            self.tick(timezone.now())
            if once:
                return
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

    def tick(self, now: datetime.datetime) -> None:
        self.report("minutely", run_period("minutely", stdout=self.stdout))
        day = daily_due(now, settings.DAILY_JOBS_AT)
        # Older than two days: a scheduler stopped for a week runs one day's jobs, not seven.
        if day is not None and cache.add(
            f"tracker:daily-jobs:{day.isoformat()}", "claimed", timeout=2 * 86400
        ):
            self.report("daily", run_period("daily", stdout=self.stdout))

    def report(self, period, results) -> None:
        for result in results:
            if not result.ok:
                self.stderr.write(f"{period} {result.command} failed: {result.error}")
            elif period == "daily":
                self.stdout.write(f"{period} {result.command}: ok in {result.seconds:.1f} s")
