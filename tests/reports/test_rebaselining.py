"""A re-baselined milestone in the PDF report: a new report once approved (not before), with the
original due date beside the current one and lateness against the original plan."""

from __future__ import annotations

import datetime

import pytest

from commitments.models import Milestone
from commitments.progress import rebaselines
from reports.build import report_html
from reports.versions import data_version
from tests.commitments.progress_fixtures import build_world

from .conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    Milestone.objects.filter(pk=world.milestone.pk).update(end_date=datetime.date(2022, 3, 31))
    return world


def test_an_approved_rebaselining_makes_a_new_report_that_shows_the_original_plan(world):
    before, _ = data_version(world.commitment)
    proposal, _outcome = rebaselines.rebaseline_save(
        milestone=world.milestone,
        actor=world.user("poc"),
        reason="The law passed late.",
        new_title="Data published",
        new_end_date=datetime.date(2027, 6, 30),
        submit=True,
    )
    assert data_version(world.commitment)[0] == before  # a proposal changes nothing public
    rebaselines.rebaseline_approve(rebaseline=proposal, reviewer=world.user("reviewer"))
    assert data_version(world.commitment)[0] != before
    english = report_html(make_report(world.commitment, "en"))
    assert "June 30, 2027" in english and "(originally March 31, 2022)" in english
    assert "Not yet due (late against the original plan)" in english
    spanish = report_html(make_report(world.commitment, "es"))
    assert "(originalmente 31 de marzo de 2022)" in spanish
