"""The open-data page and the bulk download: built by the background worker when the record
changes, documented from the serializers, served with its date, size and an ETag."""

from __future__ import annotations

import gzip
import json
from unittest import mock

from django_tasks_db.models import DBTaskResult

from django.core.management import call_command

from commitments.api.models import OpenDataDump
from commitments.api.serializers import CommitmentDetailSerializer, ProgressUpdateSerializer
from commitments.models import CommitmentPage

DOWNLOAD = "/api/v1/download/open-commitments.jsonl.gz"


def work():
    """What the worker does (see tests/reports/test_views.py's ``work``)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def test_the_page_queues_one_build_and_the_worker_makes_it(
    client, record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get("/en/open-data/").content.decode()
    assert "The download is being built" in page
    assert client.get(DOWNLOAD).status_code == 503
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/open-data/")
    assert DBTaskResult.objects.count() == 1  # one build at a time
    task = DBTaskResult.objects.get()
    assert task.backend_name == "reports"
    work()
    dump = OpenDataDump.objects.get()
    assert dump.status == "ready" and dump.records > 5 and dump.size > 100
    page = client.get("/en/open-data/").content.decode()
    assert 'href="/api/v1/download/open-commitments.jsonl.gz"' in page
    assert f"{dump.records} records" in page
    # Unchanged record: nothing more to build.
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/open-data/")
    assert DBTaskResult.objects.count() == 1
    # A change: the next visit queues a new build, which replaces the old file.
    page = CommitmentPage.objects.get(ogp_id="TS0001")
    page.title = "Renamed"
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/open-data/")
    assert DBTaskResult.objects.count() == 2
    work()
    newest = OpenDataDump.objects.get()
    assert newest.pk != dump.pk and newest.version != dump.version
    body = gzip.decompress(b"".join(client.get(DOWNLOAD).streaming_content)).decode()
    titles = [
        json.loads(line)["record"]["title"] for line in body.splitlines() if '"commitment"' in line[:30]
    ]
    assert "Renamed" in titles


def test_download_is_gzipped_json_lines_with_an_etag(client, record):
    call_command("build_open_data", verbosity=0)
    response = client.get(DOWNLOAD)
    assert response["Content-Type"] == "application/gzip"
    assert (
        response["Access-Control-Allow-Origin"] == "*"
        if response.has_header("Access-Control-Allow-Origin")
        else True
    )
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    kinds = [json.loads(line)["type"] for line in lines]
    assert kinds.count("commitment") == 2 and kinds.count("progress_update") == 1
    etag = response["ETag"]
    assert client.get(DOWNLOAD, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_build_command_if_stale(record, capsys):
    call_command("build_open_data")
    assert "Open data built:" in capsys.readouterr().out
    call_command("build_open_data", "--if-stale")
    assert "up to date" in capsys.readouterr().out
    assert OpenDataDump.objects.count() == 1


def test_the_page_documents_every_field_and_the_licence(client, db):
    page = client.get("/en/open-data/").content.decode()
    for name in [*CommitmentDetailSerializer().fields, *ProgressUpdateSerializer().fields]:
        assert f"<code>{name}</code>" in page
    assert "CC BY 4.0" in page and "Open Government Partnership" in page
    assert "The codes of the red flags raised on the commitment today." in page


def test_the_page_in_spanish(client, db):
    page = client.get("/es/open-data/").content.decode()
    assert "Datos abiertos" in page and "Licencia" in page
