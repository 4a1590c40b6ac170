"""A case's whole life through the front end's pages: filed with a photo, acknowledged and
answered by the POC, rated 2 and escalated by the filer, taken by a civil-society organisation,
closed as resolved; every step an event, the public never told who filed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from django.core import mail
from django.test import Client

from commitments.cases.models import Case, CaseEvent, CaseState, Outcome
from commitments.models import Organisation

from .fixtures import file_case, photo


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_case_goes_from_filing_to_resolved_through_the_pages(world, django_capture_on_commit_callbacks):
    filer = client_for(world.user("filer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = filer.post(
            f"/en/cases/new/{world.commitment.pk}/",
            {
                "category": "quality",
                "milestone": str(world.milestone.pk),
                "description": "The published files are empty.",
                "shown_as": "verified_person",
                "photo": photo(),
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert response["Location"] == f"/en/cases/{case.number}/"
    assert case.addressed_to == world.ministry
    assert case.milestone == world.milestone
    assert case.state == CaseState.FILED
    # The POC was told, in their language.
    assert [m.to for m in mail.outbox] == [[world.user("poc").email]]
    assert f"#{case.number}" in mail.outbox[0].subject

    stored = CaseEvent.objects.get(case=case, action="filed").photo
    with stored.open("rb") as handle:
        data = handle.read()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()

    poc = client_for(world.user("poc"))
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            poc.post(
                f"/en/cases/{case.number}/acknowledge/", {"acknowledge-text": "We are looking."}
            ).status_code
            == 302
        )
        response = poc.post(
            f"/en/cases/{case.number}/answer/",
            {"answer-text": "Files restored.", "answer-evidence_url": "https://example.org/files"},
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ANSWERED and case.days_to_answer == 0
    assert len(mail.outbox) == 3  # the filer: acknowledged, then answered

    response = filer.post(
        f"/en/cases/{case.number}/rate/",
        {"rate-rating": "2", "rate-decision": "escalate", "rate-text": "Still empty."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.rating) == (CaseState.ESCALATED, 2)

    watchdog = Organisation.objects.get(name="Watchdog")
    cso = client_for(world.user("civil_society"))
    assert cso.post(f"/en/cases/{case.number}/take/", {"take-taker": str(watchdog.pk)}).status_code == 302
    assert (
        cso.post(
            f"/en/cases/{case.number}/close/", {"close-outcome": "resolved", "close-note": "Files are back."}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.state, case.outcome, case.taken_by_organisation) == (
        CaseState.CLOSED,
        Outcome.RESOLVED,
        watchdog,
    )
    assert list(case.events.values_list("action", flat=True)) == [
        "filed",
        "acknowledged",
        "answered",
        "rated",
        "escalated",
        "taken",
        "closed",
    ]

    page = Client().get(f"/en/cases/{case.number}/").content.decode()
    assert "Files are back." in page and "Watchdog" in page and "A verified person" in page
    assert "rosa-q" not in page  # neither the username nor the address
    commitment_page = Client().get(world.commitment.url).content.decode()
    assert f"Feedback case #{case.number}" in commitment_page


@pytest.mark.django_db
def test_a_bad_photo_is_refused_with_a_message_and_the_text_kept(world):
    response = client_for(world.user("filer")).post(
        f"/en/cases/new/{world.commitment.pk}/",
        {
            "category": "delay",
            "description": "Nothing happens.",
            "shown_as": "verified_person",
            "photo": photo("x.jpg").__class__("x.jpg", b"MZ\x90\x00not a photo", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "This is not a JPEG, PNG or WebP photo" in text
    assert "Nothing happens." in text
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_visit_prefills_the_form(world):
    response = client_for(world.user("filer")).get(
        f"/en/cases/new/{world.commitment.pk}/",
        {"milestone": world.milestone.pk, "category": "quality", "from_visit": "7"},
    )
    form = response.context["form"]
    assert form.initial["milestone"] == world.milestone.pk
    assert form.initial["category"] == "quality"
    assert "visit 7" in form.initial["description"]


@pytest.mark.django_db
def test_filing_directly_through_the_service_keeps_the_deadlines(world):
    case = file_case(world)
    assert case.acknowledge_due < case.answer_due
    assert case.number == 1 and file_case(world).number == 2
