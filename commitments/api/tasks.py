"""The bulk download's build, on the background worker (the "reports" database task backend that
``make run`` and production already run a worker for)."""

from __future__ import annotations

from django_tasks import task

from .bulk import open_data_build
from .models import OpenDataDump


@task(backend="reports")
def build_open_data(dump_id: int) -> str:
    dump = OpenDataDump.objects.filter(pk=dump_id).first()
    if dump is None or dump.status == OpenDataDump.Status.READY:
        return "missing" if dump is None else dump.status
    return open_data_build(dump).status
