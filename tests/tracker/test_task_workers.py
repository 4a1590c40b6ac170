"""A background task whose worker died is taken again (tracker.task_workers, task_worker).

The killed-worker case under load, with a real SIGKILL mid-render, is in `make load` (fault a);
here: which RUNNING tasks count as orphaned, what happens to them, and the worker's start-up.
"""

from __future__ import annotations

import datetime
import threading
from io import StringIO
from unittest import mock

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tracker import task_workers
from tracker.management.commands import task_worker
from tracker.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _claimed(*worker_ids: str, minutes_ago: float = 0.0) -> DBTaskResult:
    """A heartbeat task, claimed by each of ``worker_ids`` in turn (the last one holds it)."""
    result = worker_heartbeat.enqueue()
    task = DBTaskResult.objects.get(pk=result.id)
    for worker_id in worker_ids:
        task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    task.refresh_from_db()
    return task


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_whose_pulsed_worker_stopped_stamping_is_queued_again():
    dead = _claimed("tw-dead")
    alive = _claimed("tw-alive")
    task_workers.pulse("tw-alive")

    reclaimed = task_workers.reclaim_orphaned_tasks(backend_name="reports")

    assert reclaimed == [str(dead.pk)]
    assert _status(dead) == TaskResultStatus.READY
    assert dead.started_at is None
    assert dead.worker_ids == ["tw-dead"]  # the history of attempts is kept
    assert _status(alive) == TaskResultStatus.RUNNING
    # Queued again means a worker takes it: it is among the ready tasks.
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()


def test_a_task_of_a_worker_without_a_pulse_is_taken_again_only_past_the_run_limit(settings):
    settings.TASK_RUN_LIMIT = 600
    recent = _claimed("plain-db-worker", minutes_ago=5)
    stuck = _claimed("plain-db-worker", minutes_ago=11)

    assert task_workers.reclaim_orphaned_tasks(backend_name="reports") == [str(stuck.pk)]
    assert _status(recent) == TaskResultStatus.RUNNING
    assert _status(stuck) == TaskResultStatus.READY


def test_a_worker_restarted_under_the_same_id_takes_its_old_task_back_at_once():
    task = _claimed("tw-host-1")
    task_workers.pulse("tw-host-1")  # the restarted worker stamps under the same id

    assert task_workers.reclaim_orphaned_tasks(backend_name="reports") == []
    assert task_workers.reclaim_orphaned_tasks(backend_name="reports", own_worker_id="tw-host-1") == [
        str(task.pk)
    ]
    assert _status(task) == TaskResultStatus.READY


def test_a_task_that_lost_its_worker_too_often_fails_and_says_why(settings):
    settings.TASK_MAX_ATTEMPTS = 3
    task = _claimed("tw-a", "tw-b", "tw-c")
    finished = []

    def receiver(sender, task_result, **kwargs):
        finished.append(task_result.status)

    from django_tasks_db.compat import task_finished

    task_finished.connect(receiver)
    try:
        assert task_workers.reclaim_orphaned_tasks(backend_name="reports") == [str(task.pk)]
    finally:
        task_finished.disconnect(receiver)
    assert _status(task) == TaskResultStatus.FAILED
    assert task.exception_class_path == "tracker.task_workers.WorkerLost"
    assert "died 3 times" in task.traceback
    assert finished == [TaskResultStatus.FAILED]


def test_finished_tasks_and_other_backends_are_left_alone():
    done = _claimed("tw-dead")
    done.set_successful("ok")
    assert task_workers.reclaim_orphaned_tasks(backend_name="reports") == []
    running = _claimed("tw-dead")
    assert task_workers.reclaim_orphaned_tasks(backend_name="elsewhere") == []
    assert _status(running) == TaskResultStatus.RUNNING
    assert _status(done) == TaskResultStatus.SUCCESSFUL


def test_the_minutely_job_puts_orphans_back():
    from tracker.jobs import jobs_for

    assert ("reclaim_tasks", []) in jobs_for("minutely")
    task = _claimed("tw-dead")
    out = StringIO()
    call_command("reclaim_tasks", stdout=out)
    assert _status(task) == TaskResultStatus.READY
    assert str(task.pk) in out.getvalue()


def test_task_worker_takes_back_its_own_orphans_then_runs_them():
    task = _claimed("tw-machine-a")
    task_workers.pulse("tw-machine-a")
    with (
        mock.patch.object(task_worker, "pulse_loop"),  # no thread in a test transaction
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        mock.patch("tracker.management.commands.task_worker.close_old_connections"),
    ):
        call_command(
            "task_worker",
            "--backend",
            "reports",
            "--batch",
            "--no-startup-delay",
            "--worker-id",
            "machine-a",
            verbosity=0,
            stderr=StringIO(),
        )
    assert _status(task) == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["tw-machine-a", "tw-machine-a"]
    assert cache.get("tracker:worker-heartbeat")  # the task really ran


def test_the_pulse_loop_stamps_and_reclaims_until_stopped():
    orphan = _claimed("tw-gone")
    stop = threading.Event()
    calls = []

    real_reclaim = task_workers.reclaim_orphaned_tasks

    def reclaim_then_stop(**kwargs):
        calls.append(kwargs)
        stop.set()
        return real_reclaim(**kwargs)

    with (
        mock.patch.object(task_worker, "reclaim_orphaned_tasks", reclaim_then_stop),
        mock.patch.object(task_worker.connection, "close"),
        mock.patch.object(task_worker, "close_old_connections"),
    ):
        task_worker.pulse_loop(worker_id="tw-me", backend_name="reports", stop=stop)

    assert calls == [{"backend_name": "reports"}]
    assert cache.get("tracker:task-worker:tw-me") == "alive"
    assert _status(orphan) == TaskResultStatus.READY


def test_the_pulse_loop_survives_a_database_outage():
    stop = threading.Event()

    def outage(**kwargs):
        stop.set()
        raise ConnectionError("the database went away")

    with (
        mock.patch.object(task_worker, "reclaim_orphaned_tasks", outage),
        mock.patch.object(task_worker.connection, "close") as close,
    ):
        task_worker.pulse_loop(worker_id="tw-me", backend_name="reports", stop=stop)
    assert close.called  # the broken connection is dropped; the next pulse opens a new one
