"""The PDF report shows "you said, we did": a commitment report its consultations, a plan report
the plan's own too; recording or answering one makes a new report."""

from __future__ import annotations

import pytest

from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.services import InputValues
from reports.build import report_html
from reports.versions import data_version
from tests.reports.conftest import make_report

pytestmark = pytest.mark.django_db


def _consultation(world, subject, said="Publish every contract"):
    return services.consultation_save(
        actor=world.user("poc"),
        subject=subject,
        held_on=timezone.localdate(),
        format="online",
        summary="Draft milestones",
        participants={"civil_society": 7, "government": 2},
        inputs=[
            InputValues(said=said, sector="civil_society", answer="not_adopted", reason="No budget this year")
        ],
    )


def test_the_commitment_report_shows_you_said_we_did_and_a_new_answer_makes_a_new_report(world):
    before, _ = data_version(world.commitment)
    consultation = _consultation(world, world.commitment)
    after, _ = data_version(world.commitment)
    assert after != before
    english = report_html(make_report(world.commitment, "en"))
    assert "Consultations: you said, we did" in english
    assert (
        "Publish every contract" in english and "No budget this year" in english and "Not adopted" in english
    )
    assert "Not heard from: Business." in english
    spanish = report_html(make_report(world.commitment, "es"))
    assert "Consultas: ustedes dijeron, nosotros hicimos" in spanish and "No adoptado" in spanish
    services.consultation_save(
        actor=world.user("poc"),
        consultation=consultation,
        subject=world.commitment,
        held_on=consultation.held_on,
        format="online",
        summary="Draft milestones",
        participants={"civil_society": 7, "government": 2},
        inputs=[InputValues(said="Publish every contract", answer="adopted", reason="Found the budget")],
    )
    assert data_version(world.commitment)[0] != after


def test_the_plan_report_shows_the_plans_own_consultations_and_its_commitments(world):
    plan = world.commitment.get_parent().specific
    _consultation(world, plan, said="A commitment on beneficial ownership")
    _consultation(world, world.commitment, said="Publish every contract")
    html = report_html(make_report(plan, "en"))
    assert "A commitment on beneficial ownership" in html and "Publish every contract" in html
    other = report_html(make_report(world.other_commitment, "en"))
    assert "Publish every contract" not in other
