"""Workers can run on any machine: two worker processes on one queue render every report once.

Each worker claims a task under a row lock (django-tasks-db), and ``make_report`` returns at once
for a report that is already made, so neither a second worker nor a retry renders it twice.
The workers are real processes against the test database, so the test commits (serial stage).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.test import Client

from reports.models import Report
from tests.commitments.progress_fixtures import build_world

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker(worker_id: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
        "DATABASE_URL": _database_url(),
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--backend",
        "reports",
        "--batch",
        "--no-startup-delay",
    ]
    return subprocess.Popen(
        [*command, "--worker-id", worker_id, "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_workers_render_every_report_exactly_once():
    from tests.conftest import ensure_home_and_site

    ensure_home_and_site()
    world = build_world()
    client = Client()
    for page in (world.commitment, world.other_commitment):
        for language in ("en", "es"):
            assert client.post(f"/{language}/reports/", {"page": page.pk}).status_code == 302
    assert Report.objects.filter(status=Report.Status.QUEUED).count() == 4
    assert DBTaskResult.objects.count() == 4
    connection.close()  # let the workers have the database

    workers = [_worker("machine-a"), _worker("machine-b")]
    outputs = [worker.communicate(timeout=600)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    assert sorted(Report.objects.values_list("status", flat=True)) == ["ready"] * 4
    tasks = list(DBTaskResult.objects.all())
    assert [task.status for task in tasks] == ["SUCCESSFUL"] * 4
    # Every task was claimed by exactly one worker, never by both.
    assert all(len(task.worker_ids) == 1 for task in tasks), [task.worker_ids for task in tasks]
    assert {task.worker_ids[0] for task in tasks} <= {"machine-a", "machine-b"}
