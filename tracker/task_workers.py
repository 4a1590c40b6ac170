"""Background tasks whose worker died are taken again.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
worker finishes it. A worker that is killed outright (SIGKILL, out of memory, the machine lost)
finishes nothing: its task stays RUNNING for ever and, for a PDF report, the visitor waits for
ever. So:

- ``manage.py task_worker`` (db_worker with a pulse) stamps the shared cache every
  ``TASK_WORKER_PULSE`` seconds under its worker id (which starts with ``tw-``). A task claimed
  by such a worker whose stamp has expired (``TASK_WORKER_LOST_AFTER`` seconds) was orphaned.
- A task claimed by any other worker (plain ``db_worker``, which has no pulse) is orphaned only
  once it has been running longer than ``TASK_RUN_LIMIT`` seconds.
- A worker starting under an id that already has RUNNING tasks (systemd restarts
  ``tracker-worker@1`` with the same id) takes them back at once: it cannot be running them.

An orphaned task goes back to READY and any worker runs it again; the tasks on the reports
backend are idempotent (``reports.tasks.make_report``). After ``TASK_MAX_ATTEMPTS`` claims it is
marked FAILED instead (a render that kills its worker every time must not loop for ever), and
``task_finished`` is sent as for any failed task.
"""

from __future__ import annotations

import datetime
import logging

from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PULSE_PREFIX = "tracker:task-worker:"
PULSED_ID_PREFIX = "tw-"


class WorkerLost(Exception):
    """The worker running this task died before finishing it, too many times."""


def pulse_interval() -> float:
    return float(settings.TASK_WORKER_PULSE)


def lost_after() -> float:
    return float(settings.TASK_WORKER_LOST_AFTER)


def run_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASK_RUN_LIMIT)


def max_attempts() -> int:
    return int(settings.TASK_MAX_ATTEMPTS)


def pulse(worker_id: str) -> None:
    """Say that this worker is alive (for ``lost_after()`` seconds)."""
    cache.set(f"{PULSE_PREFIX}{worker_id}", "alive", timeout=max(1, int(lost_after())))


def is_orphaned(task: DBTaskResult, *, alive: set[str], now: datetime.datetime) -> bool:
    """Whether a RUNNING task's worker is gone (``alive``: the pulsed ids whose stamp is fresh)."""
    worker_id = task.worker_ids[-1] if task.worker_ids else ""
    if worker_id.startswith(PULSED_ID_PREFIX):
        return worker_id not in alive
    return task.started_at is None or now - task.started_at > run_limit()


def reclaim_orphaned_tasks(
    *, backend_name: str, own_worker_id: str | None = None, now: datetime.datetime | None = None
) -> list[str]:
    """Put the orphaned RUNNING tasks of a backend back in the queue (or fail them after too many
    attempts); returns their ids. ``own_worker_id``: a worker starting up, whose earlier tasks are
    orphaned whatever its stamp says."""
    now = now or timezone.now()
    running = list(
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name)
        .only("id", "worker_ids", "started_at")
    )
    if not running:
        return []
    pulsed = {task.worker_ids[-1] for task in running if task.worker_ids}
    pulsed = {worker_id for worker_id in pulsed if worker_id.startswith(PULSED_ID_PREFIX)}
    stamps = cache.get_many([f"{PULSE_PREFIX}{worker_id}" for worker_id in pulsed])
    alive = {key.removeprefix(PULSE_PREFIX) for key in stamps} - {own_worker_id}
    reclaimed = []
    for candidate in running:
        if not is_orphaned(candidate, alive=alive, now=now):
            continue
        if _reclaim(candidate.pk, candidate.worker_ids):
            reclaimed.append(str(candidate.pk))
    return reclaimed


def _reclaim(pk, seen_worker_ids: list[str]) -> bool:
    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        # Finished or claimed again since we looked: not ours to touch.
        if task is None or task.status != TaskResultStatus.RUNNING or task.worker_ids != seen_worker_ids:
            return False
        if len(task.worker_ids) >= max_attempts():
            logger.error("Task %s lost its worker %d times: failed", pk, len(task.worker_ids))
            task.set_failed(WorkerLost(f"its worker died {len(task.worker_ids)} times"))
            failed = True
        else:
            logger.warning("Task %s lost its worker %s: queued again", pk, task.worker_ids[-1])
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            failed = False
    if failed:
        try:
            task_finished.send(sender=type(task.task.get_backend()), task_result=task.task_result)
        except ImportError:  # the task's code is gone: nothing to tell
            logger.exception("Task %s: could not announce its failure", pk)
    return True
