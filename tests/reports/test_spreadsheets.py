"""Big XLSX exports are made in the background, with their progress shown; small ones at once.

Who may: anyone, signed in or not, in either language (the data is public). Who may not: a
visitor over the limit, a method other than GET/POST, an export that does not exist. The
request never writes the workbook; the worker does, once per filters, language and data.
"""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from commitments.explorer import exports
from commitments.explorer.facts import new_facts_version
from commitments.models import CommitmentPage
from reports import spreadsheets
from reports.models import SpreadsheetExport
from tests.commitments.progress_fixtures import build_world

pytestmark = pytest.mark.django_db

SAMPLE_ROWS = 60
UKRAINE = "member=ARG"


@pytest.fixture
def background(settings, imported_once):
    """Every export of more than ten commitments goes to the background."""
    settings.EXPORT_XLSX_IN_REQUEST_MAX = 10
    return settings


def work():
    """What `make run`'s worker does (see tests/reports/test_views.py's ``work``)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def ask(client, query: str = "", language: str = "en", capture=None):
    if capture is None:
        return client.post(f"/{language}/reports/spreadsheet/", {"query": query})
    with capture(execute=True):
        return client.post(f"/{language}/reports/spreadsheet/", {"query": query})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def no_writing(monkeypatch):
    """Fails the test if the request writes a workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("the request wrote the workbook")

    monkeypatch.setattr(spreadsheets, "xlsx_export", refuse)
    monkeypatch.setattr(exports, "write_xlsx", refuse)


# -- the threshold ------------------------------------------------------------------------------


def test_up_to_the_threshold_the_workbook_is_made_in_the_request(client, settings, imported_once):
    settings.EXPORT_XLSX_IN_REQUEST_MAX = SAMPLE_ROWS
    response = client.get("/en/commitments/export.xlsx")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert len(workbook_rows(body(response))) == SAMPLE_ROWS + 1
    assert not SpreadsheetExport.objects.exists()


def test_over_the_threshold_the_export_link_leads_to_the_background_page(
    client, settings, imported_once, no_writing
):
    settings.EXPORT_XLSX_IN_REQUEST_MAX = SAMPLE_ROWS - 1
    response = client.get("/en/commitments/export.xlsx?sort=title&page=2")
    assert response.status_code == 302
    assert response["Location"] == "/en/reports/spreadsheet/?sort=title"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "These filters select 60 commitments" in text
    assert '<input type="hidden" name="query" value="sort=title">' in text
    assert not SpreadsheetExport.objects.exists()  # a GET never asks for anything
    # The explorer's link no longer says "download": it leads to a page.
    explorer = client.get("/en/commitments/?sort=title").content.decode()
    assert (
        'export.xlsx?sort=title">Excel (XLSX)</a> <span class="muted small">(made in the background)'
        in explorer
    )


def test_a_small_set_asked_for_by_post_is_made_at_once(client, background, no_writing):
    ukraine = CommitmentPage.objects.filter(facts__member__code="ARG").count()
    assert ukraine <= 10
    response = ask(client, UKRAINE)
    assert response.status_code == 302
    assert response["Location"] == f"/en/commitments/export.xlsx?{UKRAINE}"
    page = client.get(f"/en/reports/spreadsheet/?{UKRAINE}").content.decode()
    assert "the file is made at once" in page
    assert not SpreadsheetExport.objects.exists()


def test_in_request_and_in_the_background_the_workbooks_hold_the_same_rows(
    client, settings, imported_once, django_capture_on_commit_callbacks
):
    settings.EXPORT_XLSX_IN_REQUEST_MAX = SAMPLE_ROWS
    at_once = workbook_rows(body(client.get("/en/commitments/export.xlsx?sort=title")))
    settings.EXPORT_XLSX_IN_REQUEST_MAX = 10
    status = ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    work()
    export = SpreadsheetExport.objects.get()
    assert (export.status, export.rows_done, export.rows_total) == ("ready", SAMPLE_ROWS, SAMPLE_ROWS)
    page = client.get(status["Location"]).content.decode()
    download = reverse("reports:spreadsheet_download", kwargs={"export_id": export.pk})
    assert f'href="{download}"' in page
    assert "60 of 60 rows" in page
    assert "http-equiv" not in page and "hx-get" not in page  # done: no more refreshing
    response = client.get(download)
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="commitments-')
    background = workbook_rows(body(response))
    assert background == at_once
    assert background[1][0] == at_once[1][0]  # sorted by title, as asked
    assert len(background) == SAMPLE_ROWS + 1


# -- the request never writes; progress ---------------------------------------------------------


def test_asking_queues_a_task_and_shows_the_progress_page(
    client, background, no_writing, django_capture_on_commit_callbacks
):
    response = ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    export = SpreadsheetExport.objects.get()
    assert response["Location"] == f"/en/reports/spreadsheet/{export.pk}/"
    assert (export.status, export.query, export.language, export.rows_total) == (
        "queued",
        "sort=title",
        "en",
        60,
    )
    assert DBTaskResult.objects.count() == 1
    page = client.get(response["Location"])
    assert page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "Waiting for its turn" in text
    assert "0 of 60 rows" in text
    assert '<progress id="spreadsheet-progress" max="60" value="0">' in text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in text  # without JavaScript
    assert f'hx-get="/en/reports/spreadsheet/{export.pk}/" hx-trigger="every 2s"' in text  # with htmx


def test_the_worker_reports_its_progress_as_it_writes(
    client, background, monkeypatch, django_capture_on_commit_callbacks
):
    ask(client, "", capture=django_capture_on_commit_callbacks)
    export = SpreadsheetExport.objects.get()
    seen = []
    monkeypatch.setattr(exports, "PROGRESS_ROWS", 25)
    original = exports.write_xlsx

    def watched(export_rows, handle, *, progress, **kwargs):
        def tell(rows):
            progress(rows)
            row = SpreadsheetExport.objects.get(pk=export.pk)
            seen.append((row.status, row.rows_done, row.rows_total))
            page = client.get(f"/en/reports/spreadsheet/{export.pk}/").content.decode()
            assert f"{rows} of 60 rows" in page and "Being made" in page

        original(export_rows, handle, progress=tell, **kwargs)

    monkeypatch.setattr(exports, "write_xlsx", watched)
    work()
    assert seen == [("running", 25, 60), ("running", 50, 60), ("running", 60, 60)]
    assert SpreadsheetExport.objects.get().status == "ready"


def test_a_failed_export_says_so_and_can_be_asked_for_again(
    client, background, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(spreadsheets, "xlsx_export", mock.Mock(side_effect=RuntimeError("disk full")))
    status = ask(client, "", capture=django_capture_on_commit_callbacks)
    work()
    export = SpreadsheetExport.objects.get()
    assert export.status == "failed"
    text = client.get(status["Location"]).content.decode()
    assert "The file could not be made." in text and "disk full" not in text
    assert client.get(f"/en/reports/spreadsheet/{export.pk}/download/")["Location"] == status["Location"]
    monkeypatch.undo()
    again = ask(client, "", capture=django_capture_on_commit_callbacks)
    assert again["Location"] == status["Location"]
    work()
    assert SpreadsheetExport.objects.get().status == "ready"


# -- dedupe ---------------------------------------------------------------------------------------


def test_the_same_filters_language_and_data_make_one_file(
    client, background, django_capture_on_commit_callbacks
):
    first = ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    second = ask(client, "sort=title&page=4", capture=django_capture_on_commit_callbacks)  # page aside
    assert first["Location"] == second["Location"]
    assert SpreadsheetExport.objects.count() == DBTaskResult.objects.count() == 1
    work()
    export = SpreadsheetExport.objects.get()
    ready = ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    assert ready["Location"] == f"/en/reports/spreadsheet/{export.pk}/download/"
    assert DBTaskResult.objects.count() == 1  # nothing made again
    # Another language, other filters, or changed data: another file.
    ask(client, "sort=title", language="es", capture=django_capture_on_commit_callbacks)
    ask(client, "sort=newest", capture=django_capture_on_commit_callbacks)
    new_facts_version()
    ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    assert SpreadsheetExport.objects.count() == 4
    assert set(SpreadsheetExport.objects.values_list("language", flat=True)) == {"en", "es"}
    work()
    spanish = SpreadsheetExport.objects.get(language="es")
    rows = workbook_rows(body(client.get(f"/es/reports/spreadsheet/{spanish.pk}/download/")))
    assert any(str(cell).startswith("http://testserver/es/commitments/") for cell in rows[1] if cell)


def test_a_changed_record_makes_a_new_file_with_the_change(
    client, background, django_capture_on_commit_callbacks
):
    ask(client, "", capture=django_capture_on_commit_callbacks)
    work()
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    page.short_title = "A short title changed since"
    page.save_revision().publish()
    status = ask(client, "", capture=django_capture_on_commit_callbacks)
    assert "/download/" not in status["Location"]
    work()
    newest = SpreadsheetExport.objects.order_by("-created_at").first()
    rows = workbook_rows(body(client.get(f"/en/reports/spreadsheet/{newest.pk}/download/")))
    assert any("A short title changed since" in row for row in rows)


# -- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_anyone_may_ask_watch_and_download(client, background, who, django_capture_on_commit_callbacks):
    if who == "signed in":
        world = build_world()
        client.force_login(world.user("civil_society"))
    status = ask(client, "", capture=django_capture_on_commit_callbacks)
    work()
    assert client.get(status["Location"]).status_code == 200
    export = SpreadsheetExport.objects.get()
    response = Client().get(f"/en/reports/spreadsheet/{export.pk}/download/")  # a link shared
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE


def test_what_is_refused(client, background, settings, django_capture_on_commit_callbacks):
    settings.REPORTS_PER_VISITOR = 1
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/en/reports/spreadsheet/{unknown}/").status_code == 404
    assert client.get(f"/en/reports/spreadsheet/{unknown}/download/").status_code == 404
    assert client.put("/en/reports/spreadsheet/").status_code == 405
    assert client.post(f"/en/reports/spreadsheet/{unknown}/").status_code == 405
    ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    # Over the limit (shared with the PDF reports): refused, nothing queued.
    over = ask(client, "sort=newest", capture=django_capture_on_commit_callbacks)
    assert over.status_code == 429
    assert over["Retry-After"] == "600"
    assert "many files in a short time" in over.content.decode()
    assert SpreadsheetExport.objects.count() == DBTaskResult.objects.count() == 1
    # A file already asked for is not a new one: no limit.
    again = ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    assert again.status_code == 302
    pending = SpreadsheetExport.objects.get()
    assert client.get(f"/en/reports/spreadsheet/{pending.pk}/download/")["Location"] == again["Location"]


def test_the_pages_speak_spanish(client, background, django_capture_on_commit_callbacks):
    ask_page = client.get("/es/reports/spreadsheet/?sort=title").content.decode()
    assert "Estos filtros seleccionan 60 compromisos" in ask_page
    status = ask(client, "sort=title", language="es", capture=django_capture_on_commit_callbacks)
    text = client.get(status["Location"]).content.decode()
    assert "0 de 60 filas" in text
    assert "Filas escritas" in text


# -- storage stays in bounds --------------------------------------------------------------------


def test_old_exports_are_pruned_with_their_files_but_not_one_being_made(
    client, background, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    ask(client, "sort=title", capture=django_capture_on_commit_callbacks)
    work()
    ready = SpreadsheetExport.objects.get()
    assert default_storage.exists(ready.file.name)
    ask(client, "sort=newest", capture=django_capture_on_commit_callbacks)  # queued, not made
    SpreadsheetExport.objects.update(created_at=timezone.now() - datetime.timedelta(days=40))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_reports", "--days", "30", stdout=out)
    assert out.getvalue().strip() == "pruned: reports=0 spreadsheets=1"
    assert list(SpreadsheetExport.objects.values_list("query", flat=True)) == ["sort=newest"]
    assert not default_storage.exists(ready.file.name)
