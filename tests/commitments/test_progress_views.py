"""The progress loop's pages: uploads checked by content, forms that keep their input, emails."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.models import Follow, ProgressUpdate, UpdateState
from commitments.progress import notifications
from commitments.progress import services as progress
from commitments.progress.forms import EVIDENCE_MAX_BYTES

from .progress_fixtures import EXE, PDF, PNG, submitted_update

pytestmark = pytest.mark.django_db


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _post(client, world, upload):
    return client.post(
        reverse("commitments:update_create", args=[world.milestone.pk]),
        {
            "status": "partiallyMet",
            "percent_complete": "35",
            "narrative": "Two of four datasets published",
            "as_of": "2026-11-02",
            "evidence_file": upload,
            "submit": "1",
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("report.pdf", PDF, True),
        ("photo.png", PNG, True),
        ("minutes.docx", docx_bytes(), True),
        ("setup.pdf", EXE, False),  # a renamed executable
        ("setup.exe", EXE, False),
        ("notes.docx", b"PK\x03\x04 not really a zip", False),
        ("photo.png", PDF, False),  # content and name disagree
        ("page.html", b"<html></html>", False),
    ],
)
def test_evidence_is_checked_by_its_content(world, name, content, accepted):
    client = Client()
    client.force_login(world.user("poc"))
    response = _post(client, world, SimpleUploadedFile(name, content))
    assert ProgressUpdate.objects.exists() == accepted
    if not accepted:
        assert response.status_code == 400
        text = response.content.decode()
        assert "its content does not match its name" in text
        assert "Two of four datasets published" in text  # the rest of the form is kept
        assert 'value="35"' in text


def test_too_large_evidence_is_refused_with_its_size(world, settings):
    client = Client()
    client.force_login(world.user("poc"))
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (EVIDENCE_MAX_BYTES + 1))
    response = _post(client, world, big)
    assert response.status_code == 400 and not ProgressUpdate.objects.exists()
    text = response.content.decode()
    assert "evidence files can be at most 10.0\xa0MB" in text
    assert "Two of four datasets published" in text


def test_a_return_without_reason_reshows_the_form(world):
    update = submitted_update(world)
    client = Client()
    client.force_login(world.user("reviewer"))
    response = client.post(reverse("commitments:update_review", args=[update.pk]), {"decision": "return"})
    assert response.status_code == 400
    assert "Say why the update is returned." in response.content.decode()
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED


def test_the_commitment_page_shows_the_approved_update_on_its_timeline(world):
    update = submitted_update(world, status="met", percent_complete=100)
    client = Client()
    page = client.get(world.commitment.url).content.decode()
    assert "Half the datasets are online." not in page  # not approved yet
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    page = client.get(world.commitment.url).content.decode()
    assert "Half the datasets are online." in page
    assert "https://example.org/evidence" in page
    assert "Status changed" in page
    assert "Post an update" not in page  # visitors do not get the link
    poc = Client()
    poc.force_login(world.user("poc"))
    assert "Post an update" in poc.get(world.commitment.url).content.decode()


def _follow(world, role, frequency, language="en"):
    client = Client()
    client.force_login(world.user(role))
    client.post(f"/{language}/follow/{world.commitment.pk}/", {"frequency": frequency})
    return Follow.objects.get(user=world.user(role))


def test_followers_get_an_email_in_their_language_with_a_working_unsubscribe_link(
    world, django_capture_on_commit_callbacks
):
    _follow(world, "person", "immediate", "es")
    _follow(world, "civil_society", "daily")
    mail.outbox.clear()
    update = submitted_update(world)
    with django_capture_on_commit_callbacks(execute=True):
        progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    assert [m.to for m in mail.outbox] == [["person@example.org"]]  # the digest waits
    message = mail.outbox[0]
    assert "Nuevo avance en TS0001" in message.subject
    link = next(word for word in message.body.split() if "/unsubscribe/" in word)
    assert "/es/unsubscribe/" in link and message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    # The commitment's link is in Spanish too.
    assert f"http://testserver/es{world.commitment.url.removeprefix('/en')}" in message.body.split()
    path = link.removeprefix("http://testserver")
    anonymous = Client(enforce_csrf_checks=False)
    assert anonymous.get(path).status_code == 200
    anonymous.post(path)
    assert not Follow.objects.filter(user=world.user("person")).exists()
    assert anonymous.get(path).status_code == 404  # used up
    assert Client().get("/en/unsubscribe/forged-token/").status_code == 404


def test_the_daily_digest_lists_what_was_approved_since_the_last_one(
    world, django_capture_on_commit_callbacks
):
    _follow(world, "civil_society", "daily")
    update = submitted_update(world)
    with django_capture_on_commit_callbacks(execute=True):
        progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    mail.outbox.clear()
    assert notifications.send_digests() == 1
    assert mail.outbox[0].to == ["civil@example.org"]
    assert "TS0001, Data published" in mail.outbox[0].body
    assert "/en/unsubscribe/" in mail.outbox[0].body
    assert notifications.send_digests() == 0  # nothing new


def test_reminders_go_once_to_pocs_and_reviewers(world):
    today = timezone.localdate()
    world.milestone.end_date = today + datetime.timedelta(days=3)
    world.milestone.save()
    world.second_milestone.end_date = today - datetime.timedelta(days=2)
    world.second_milestone.save()
    update = submitted_update(world)
    ProgressUpdate.objects.filter(pk=update.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=5)
    )
    mail.outbox.clear()
    assert notifications.send_reminders() == 3
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("poc@example.org", "A milestone of TS0001 is due soon"),
        ("poc@example.org", "A milestone of TS0001 is overdue"),
        ("reviewer@example.org", "A progress update on TS0001 is waiting for your review"),
    ]
    assert notifications.send_reminders() == 0
    mail.outbox.clear()
    assert notifications.send_reminders(today=today, language="es") == 0


def test_reminders_are_in_each_person_s_language(world):
    reviewer = world.user("reviewer")
    reviewer.language = "es"
    reviewer.save(update_fields=["language"])
    world.second_milestone.end_date = timezone.localdate() - datetime.timedelta(days=2)
    world.second_milestone.save()
    update = submitted_update(world)
    ProgressUpdate.objects.filter(pk=update.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=5)
    )
    mail.outbox.clear()
    assert notifications.send_reminders() == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["poc@example.org"].subject == "A milestone of TS0001 is overdue"
    spanish = by_person["reviewer@example.org"]
    assert spanish.subject == "Un informe de avance de TS0001 espera su revisión"
    assert "/es/progress/review/" in spanish.body
    assert "/es/" in by_person["reviewer@example.org"].body
    assert "/en/" in by_person["poc@example.org"].body
