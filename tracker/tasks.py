"""The worker heartbeat: a task the scheduler enqueues every minute (``run_jobs minutely``).

Whichever worker runs it stamps the shared cache, and ``/readyz`` reads the stamp: it proves the
whole path (scheduler → queue → a worker that takes tasks) rather than one process being up.
It runs on the database-backed backend that the PDF reports use, as the workers serve it.
"""

from __future__ import annotations

from django_tasks import task

from .health import heartbeat_stamp


@task(backend="reports")
def worker_heartbeat() -> str:
    heartbeat_stamp()
    return "ok"
