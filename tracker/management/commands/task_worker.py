"""``manage.py task_worker``: django-tasks-db's ``db_worker`` with a pulse, so that a task whose
worker was killed is taken again (tracker.task_workers).

It takes every option of ``db_worker``. Its worker id starts with ``tw-`` (``--worker-id web1-2``
becomes ``tw-web1-2``). Before taking tasks it puts back those its id was running before a
restart; then a thread stamps the shared cache every ``TASK_WORKER_PULSE`` seconds and puts back
any task whose worker stopped stamping.
"""

from __future__ import annotations

import logging
import threading

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string

from tracker.task_workers import PULSED_ID_PREFIX, pulse, pulse_interval, reclaim_orphaned_tasks

logger = logging.getLogger(__name__)


def pulse_loop(*, worker_id: str, backend_name: str, stop: threading.Event) -> None:
    """Stamp, then put back the orphans of dead workers, every pulse, until ``stop`` is set."""
    while not stop.is_set():
        try:
            pulse(worker_id)
            for task_id in reclaim_orphaned_tasks(backend_name=backend_name):
                logger.warning("Put back task %s (its worker died)", task_id)
        except Exception:  # the database or cache is away for a moment: try again next pulse
            logger.warning("task_worker pulse failed", exc_info=True)
            connection.close()
        else:
            close_old_connections()
        stop.wait(pulse_interval())
    connection.close()


class Command(DBWorkerCommand):
    help = "Run a background worker (db_worker) that stamps a pulse, so its tasks are taken again if it dies."

    def handle(self, *args, worker_id: str | None = None, backend_name: str, **options):
        worker_id = worker_id or get_random_string(24)
        if not worker_id.startswith(PULSED_ID_PREFIX):
            worker_id = f"{PULSED_ID_PREFIX}{worker_id}"[:64]
        pulse(worker_id)
        for task_id in reclaim_orphaned_tasks(backend_name=backend_name, own_worker_id=worker_id):
            self.stderr.write(f"Put back task {task_id} (this worker was stopped while running it)")
        close_old_connections()
        stop = threading.Event()
        thread = threading.Thread(
            target=pulse_loop,
            kwargs={"worker_id": worker_id, "backend_name": backend_name, "stop": stop},
            name="task-worker-pulse",
            daemon=True,
        )
        thread.start()
        try:
            return super().handle(*args, worker_id=worker_id, backend_name=backend_name, **options)
        finally:
            stop.set()
