"""Evidence files are private until their update is approved: they live outside MEDIA_ROOT and
are served by a view that asks the permission policy, never by a public URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commitments.progress import services as progress

from .progress_fixtures import PDF, ROLES, pdf, submitted_update

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    return client


def _get(world, role, update):
    return _client(world, role).get(reverse("commitments:update_evidence", args=[update.pk]))


# Who sees a submitted update's evidence: its POC, its forum, staff. Not the POC of another
# member, not civil society, not a signed-in person, not a visitor.
WAITING = {
    "visitor": False,
    "person": False,
    "poc": True,
    "other_poc": False,
    "reviewer": True,
    "civil_society": False,
    "staff": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_waiting_update_s_evidence_only_to_those_who_may_see_it(world, role):
    update = submitted_update(world, evidence_url="", evidence_file=pdf("minutes.pdf"))
    response = _get(world, role, update)
    if WAITING[role]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert "sandbox" in response["Content-Security-Policy"]
    else:
        assert response.status_code == 404


def test_a_draft_s_evidence_stays_with_its_poc(world):
    draft = submitted_update(world, evidence_url="", evidence_file=pdf(), submit=False)
    assert _get(world, "poc", draft).status_code == 200
    assert _get(world, "reviewer", draft).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_once_approved_the_evidence_is_public(world, role):
    update = submitted_update(world, evidence_url="", evidence_file=pdf("minutes.pdf"))
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    response = _get(world, role, update)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # (The name is the stored one: the storage adds a suffix when a name is taken.)
    assert re.fullmatch(r'inline; filename="minutes(_\w+)?\.pdf"', response["Content-Disposition"])
    # ... and the public commitment page links to it through the view.
    page = _client(world, role).get(world.commitment.url).content.decode()
    assert f'href="{reverse("commitments:update_evidence", args=[update.pk])}"' in page


def test_the_file_is_not_in_public_media_and_has_no_url(world):
    from django.core.files.storage import storages

    from tracker.settings import base

    update = submitted_update(world, evidence_url="", evidence_file=pdf())
    assert update.evidence_file.storage is storages["evidence"]
    assert storages["evidence"] is not storages["default"]
    # Where the site (not the tests) keeps it: not under the public media directory.
    location = Path(base.STORAGES["evidence"]["OPTIONS"]["location"]).resolve()
    assert not location.is_relative_to(Path(base.MEDIA_ROOT).resolve())
    assert update.evidence_href == f"/en/progress/update/{update.pk}/evidence/"


def test_office_documents_download_rather_than_open(world):
    from .test_progress_views import docx_bytes

    update = submitted_update(
        world,
        evidence_url="",
        evidence_file=SimpleUploadedFile("minutes.docx", docx_bytes()),
    )
    response = _get(world, "poc", update)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_update_with_only_a_link_has_no_file_to_serve(world):
    update = submitted_update(world)  # evidence is a link
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    assert _get(world, "visitor", update).status_code == 404
    assert update.evidence_href == "https://example.org/evidence"
