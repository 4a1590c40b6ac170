"""Asking for a report, watching it, downloading it: anyone may; the request never renders.

Who may: anyone, in either language, by POST with a CSRF token. Who may not: a GET, a POST
without the token, a page that gives no report, a visitor over the limit.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.test import Client

from commitments.models import CommitmentPage
from reports.models import Report
from reports.render import RenderError

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(biggest_plan):
    return CommitmentPage.objects.live().child_of(biggest_plan).order_by("number", "ogp_id").first()


@pytest.fixture
def no_render(monkeypatch):
    """Fails the test if anything renders a PDF."""

    def refuse(*args, **kwargs):
        raise AssertionError("the request rendered a PDF")

    import reports.tasks

    monkeypatch.setattr(reports.tasks, "render", refuse)


def ask(client, page, language="en", **extra):
    return client.post(f"/{language}/reports/", {"page": page.pk}, **extra)


def work():
    """What `make run`'s worker does: take every queued report task and run it.

    The worker calls ``close_old_connections()`` between tasks, which closes a connection that
    is inside a transaction. In its own process that is right; here, inside the test's
    transaction, it would close the test's connection and lose what the test wrote, so the test
    keeps it open."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--backend", "reports", "--batch", "--no-startup-delay", verbosity=0)


def test_asking_queues_a_task_and_never_renders(
    client, commitment, no_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, commitment)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/reports/{report.pk}/"
    assert (report.kind, report.page_id, report.language, report.status) == (
        "commitment",
        commitment.pk,
        "en",
        "queued",
    )
    task = DBTaskResult.objects.get()
    assert task.backend_name == "reports" and task.args_kwargs["args"] == [str(report.pk)]
    status = client.get(response.headers["Location"])
    assert status.status_code == 200
    html = status.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html  # progress without JavaScript
    assert "Step 1 of 3" in html and "Waiting for its turn" in html
    assert client.get(f"/en/reports/{report.pk}/?format=json").json()["status"] == "queued"
    # Asking again while it waits joins the same report: no second task.
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, commitment).headers["Location"] == f"/en/reports/{report.pk}/"
    assert DBTaskResult.objects.count() == 1


def test_the_worker_makes_it_and_an_unchanged_report_is_served_at_once(
    client, commitment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        status_url = ask(client, commitment, "es").headers["Location"]
    assert status_url.startswith("/es/reports/")
    work()
    report = Report.objects.get()
    assert report.status == "ready" and report.pages >= 1
    page = client.get(status_url).content.decode()
    assert "Descargar el PDF" in page and 'http-equiv="refresh"' not in page
    assert client.get(status_url + "?format=json").json()["download"] == f"/es/reports/{report.pk}/download/"
    download = client.get(f"/es/reports/{report.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    text = pdf_text(b"".join(download.streaming_content))
    assert f"{commitment.ogp_id}: informe del compromiso" in text
    # Same data, same language: straight to the stored file, nothing queued.
    with django_capture_on_commit_callbacks(execute=True):
        again = ask(client, commitment, "es")
    assert again.headers["Location"] == f"/es/reports/{report.pk}/download/"
    assert DBTaskResult.objects.count() == 1
    # English is another report.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, commitment, "en")
    assert Report.objects.filter(language="en").count() == 1


def test_any_change_to_its_data_makes_a_new_report(client, commitment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, commitment)
    work()
    first = Report.objects.get()
    milestone = commitment.milestones.get(title="Hold public hearings in every region")
    milestone.status = "met"
    milestone.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, commitment)
    second = Report.objects.exclude(pk=first.pk).get()
    assert second.version != first.version
    assert response.headers["Location"] == f"/en/reports/{second.pk}/"


def test_a_failed_render_tells_the_visitor_and_may_be_retried(
    client, commitment, monkeypatch, django_capture_on_commit_callbacks
):
    def too_slow(html):
        raise RenderError("The report took too long to make.", "timeout")

    monkeypatch.setattr("reports.tasks.render", too_slow)
    with django_capture_on_commit_callbacks(execute=True):
        status_url = ask(client, commitment, "es").headers["Location"]
    work()
    report = Report.objects.get()
    assert report.status == "failed"
    page = client.get(status_url).content.decode()
    assert "No se pudo preparar" in page
    assert "La preparación del informe tardó demasiado." in page
    assert "Intentar de nuevo" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, commitment, "es").headers["Location"] == status_url
    report.refresh_from_db()
    assert report.status == "queued"


def test_only_post_and_no_csrf_token_so_the_form_can_sit_on_cached_anonymous_pages(commitment):
    # A token in a page served from the cache would be someone else's; asking for a public
    # report needs none (see reports.views.request_report).
    client = Client(enforce_csrf_checks=True)
    assert client.get("/en/reports/").status_code == 405
    page = client.get(commitment.url)
    assert 'action="/en/reports/"' in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies
    response = ask(client, commitment)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/reports/")


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({}, 400, "Choose a member, an action plan or a commitment to report on."),
        ({"page": "x"}, 400, "Choose a member, an action plan or a commitment to report on."),
        ({"page": "999999"}, 404, "There is no report for that page."),
    ],
)
def test_bad_input_gets_a_clear_message(client, biggest_plan, data, status, message):
    response = client.post("/en/reports/", data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_the_home_page_gives_no_report(client, biggest_plan):
    home = biggest_plan.get_parent().get_parent()
    response = client.post("/es/reports/", {"page": home.pk})
    assert response.status_code == 404
    assert "No hay informe para esa página." in response.content.decode()


def test_a_visitor_who_asks_for_too_many_is_told_to_wait(client, biggest_plan, settings):
    settings.REPORTS_PER_VISITOR = 2
    pages = list(CommitmentPage.objects.live().child_of(biggest_plan)[:3])
    assert [ask(client, page).status_code for page in pages[:2]] == [302, 302]
    refused = ask(client, pages[2])
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Please try again in a few minutes." in refused.content.decode()
    # Another visitor is not held back; a report already made is served whatever the limit.
    other = ask(Client(REMOTE_ADDR="10.0.0.9"), pages[2])
    assert other.status_code == 302


def test_pages_offer_the_download_form(client, biggest_plan, commitment):
    for page in (biggest_plan.get_parent(), biggest_plan, commitment):
        html = client.get(page.url).content.decode()
        assert 'action="/en/reports/"' in html and f'name="page" value="{page.pk}"' in html
        assert "Download PDF" in html


def test_unknown_reports_are_not_found(client, biggest_plan):
    assert client.get("/en/reports/5b0b6d2a-1f43-4a36-9d0c-3d43a1b2c3d4/").status_code == 404
    assert client.get("/en/reports/5b0b6d2a-1f43-4a36-9d0c-3d43a1b2c3d4/download/").status_code == 404
