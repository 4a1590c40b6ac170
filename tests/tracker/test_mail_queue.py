"""Production queues mail (django-mailer): a mail server outage never fails a request, and the
mail is sent once the server is back."""

from __future__ import annotations

from io import StringIO

import pytest
from mailer.models import PRIORITY_DEFERRED, Message

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from tracker.models import User

pytestmark = pytest.mark.django_db


class UnreachableBackend(BaseEmailBackend):
    """An SMTP server that refuses connections."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def production_mail(settings):
    from django.conf import settings as live

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = f"{__name__}.UnreachableBackend"
    settings.MAILER_USE_FILE_LOCK = False
    assert live.EMAIL_BACKEND == "mailer.backend.DbBackend"
    return settings


def test_production_settings_queue_mail_and_send_it_through_the_configured_backend():
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.MAILER_EMAIL_BACKEND, s.MAILER_USE_FILE_LOCK)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "mailer.backend.DbBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
    ]


def test_a_password_reset_succeeds_while_the_mail_server_is_down_and_its_mail_follows(
    client, production_mail
):
    User.objects.create_user("ana", email="ana@example.org", password="a-long-pass-phrase")
    response = client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    queued = Message.objects.get()
    assert queued.to_addresses == ["ana@example.org"]

    # The mailer tries and the server is down: the message is deferred, not lost.
    call_command("send_mail", stdout=StringIO())
    queued.refresh_from_db()
    assert queued.priority == PRIORITY_DEFERRED
    assert mail.outbox == []

    # The server is back: the minutely jobs put it back in the queue and send it.
    production_mail.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("run_jobs", "minutely", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "password" in mail.outbox[0].body.lower()
    assert not Message.objects.exists()
