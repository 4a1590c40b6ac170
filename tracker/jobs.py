"""Scheduled jobs, in one list that both ways of running them read.

In production systemd timers run ``manage.py run_jobs daily`` once a day and
``manage.py run_jobs minutely`` every minute (deploy/). ``make serve`` runs
``manage.py run_schedule``, which does the same from one process. The jobs are management
commands named in the settings (``SCHEDULED_JOBS``), so a feature adds its daily job with one
line there, and the site-wide app needs to know nothing about it. Each job is idempotent (a
reminder remembers it was sent), so running a day's jobs twice does no harm; one job failing
does not stop the others.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command

logger = logging.getLogger(__name__)

PERIODS = ("minutely", "daily")


@dataclass(frozen=True)
class JobResult:
    command: str
    ok: bool
    seconds: float
    error: str = ""


def jobs_for(period: str) -> list[tuple[str, list[str]]]:
    """The (command, arguments) pairs configured for a period, in order."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}: one of {', '.join(PERIODS)}")
    return [(entry[0], list(entry[1:])) for entry in settings.SCHEDULED_JOBS.get(period, [])]


def run_period(period: str, *, stdout=None) -> list[JobResult]:
    """Run every job of a period once; a failing job is logged and the others still run."""
    results = []
    for command, args in jobs_for(period):
        started = time.monotonic()
        try:
            call_command(command, *args, stdout=stdout)
        except Exception as exc:  # one job's failure must not skip the rest
            logger.exception("Scheduled job %s failed", command)
            results.append(
                JobResult(command, False, time.monotonic() - started, f"{type(exc).__name__}: {exc}")
            )
        else:
            results.append(JobResult(command, True, time.monotonic() - started))
    return results
