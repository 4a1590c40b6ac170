"""Consultations, "you said, we did": recorded by a POC through the page with participants by
sector and inputs, answered (adopted, in part, not) with reasons, shown on the commitment and
plan pages with the Golden Triangle's coverage; bad input comes back with its message."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.models import Consultation, ConsultationInput
from commitments.fieldwork.selectors import you_said_we_did
from commitments.fieldwork.services import InputValues

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _data(**extra) -> dict:
    data = {
        "held_on": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
        "format": "hybrid",
        "summary": "The draft commitment on contract data",
        "participants_government": "3",
        "participants_civil_society": "12",
        "inputs-TOTAL_FORMS": "3",
        "inputs-INITIAL_FORMS": "0",
        "inputs-0-said": "Publish every contract within 10 days",
        "inputs-0-sector": "civil_society",
        "inputs-0-answer": "adopted",
        "inputs-0-reason": "Added as milestone 2",
        "inputs-1-said": "Include subcontractors",
        "inputs-1-answer": "not_adopted",
        "inputs-1-reason": "The law does not allow it yet",
        "inputs-2-said": "",
    }
    data.update(extra)
    return data


def test_a_poc_records_a_consultation_and_the_commitment_page_shows_you_said_we_did(world):
    response = _client(world.user("poc")).post(
        reverse("commitments:consultation_create", args=[world.commitment.pk]), _data()
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.commitment == world.commitment and consultation.recorded_by == world.user("poc")
    assert [(i.said, i.answer) for i in consultation.inputs.order_by("sort_order")] == [
        ("Publish every contract within 10 days", "adopted"),
        ("Include subcontractors", "not_adopted"),
    ]
    body = Client().get(world.commitment.url).content.decode()
    assert "Consultations: you said, we did" in body
    assert "Publish every contract within 10 days" in body and "Added as milestone 2" in body
    assert "The law does not allow it yet" in body and "Not adopted" in body
    assert "15 participants:" in body and "Government 3, Civil society 12." in body
    assert "Not heard from: Business." in body


def test_the_answers_can_come_later_and_replace_the_pending_ones(world):
    consultation = services.consultation_save(
        actor=world.user("reviewer"),
        subject=world.commitment,
        held_on=timezone.localdate(),
        format="online",
        summary="Open call",
        participants={"business": 2, "civil_society": 1, "government": 1},
        inputs=[InputValues(said="Open the API")],
    )
    assert you_said_we_did(world.commitment)[0].inputs[0].get_answer_display() == "Not answered yet"
    assert you_said_we_did(world.commitment)[0].missing_corners == []
    response = _client(world.user("poc")).post(
        reverse("commitments:consultation_edit", args=[consultation.pk]),
        {
            **_data(summary="Open call"),
            "participants_business": "2",
            "inputs-TOTAL_FORMS": "1",
            "inputs-0-said": "Open the API",
            "inputs-0-answer": "adopted_in_part",
            "inputs-0-reason": "Read-only for now",
        },
    )
    assert response.status_code == 302
    row = ConsultationInput.objects.get(consultation=consultation)
    assert (row.answer, row.reason) == ("adopted_in_part", "Read-only for now")
    assert Consultation.objects.count() == 1


def test_the_plan_page_shows_the_plans_consultations(world):
    plan = world.commitment.get_parent().specific
    services.consultation_save(
        actor=world.user("poc"),
        subject=plan,
        held_on=timezone.localdate(),
        format="in_person",
        summary="Co-creation of the plan",
        participants={"civil_society": 30},
        inputs=[
            InputValues(said="A commitment on beneficial ownership", answer="adopted", reason="Commitment 5")
        ],
    )
    body = Client().get(plan.url).content.decode()
    assert "Co-creation of the plan" in body and "A commitment on beneficial ownership" in body
    assert "Not heard from: Government, Business." in body
    assert "Co-creation of the plan" not in Client().get(world.commitment.url).content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"inputs-0-reason": ""}, "Give the reason for the answer."),
        ({"inputs-0-answer": ""}, "Choose the answer the reason explains."),
        (
            {"participants_government": "", "participants_civil_society": ""},
            "Give how many people took part, by sector.",
        ),
        ({"participants_business": "-2"}, "greater than or equal to 0"),
        ({"held_on": "2999-01-01"}, "A consultation cannot be in the future."),
        ({"format": "carrier pigeon"}, "Select a valid choice."),
    ],
)
def test_bad_input_comes_back_with_a_clear_message_and_nothing_typed_lost(world, extra, message):
    response = _client(world.user("poc")).post(
        reverse("commitments:consultation_create", args=[world.commitment.pk]), _data(**extra)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Include subcontractors" in body and "The draft commitment on contract data" in body
    assert not Consultation.objects.exists()


def test_a_consultation_is_on_a_commitment_or_a_plan_never_both(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Consultation.objects.create(
            commitment=world.commitment,
            plan=world.commitment.get_parent().specific,
            held_on=timezone.localdate(),
            format="online",
            summary="x",
            recorded_by=world.user("poc"),
        )
