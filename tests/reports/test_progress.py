"""Reports show the progress loop: approved updates (never drafts or waiting ones) give each
milestone, commitment and plan its progress and the commitment its latest progress, and an
approval (only an approval) makes a new report."""

from __future__ import annotations

import pytest

from commitments.progress import services as progress
from reports.build import report_html
from reports.render import render
from reports.versions import data_version
from tests.commitments.progress_fixtures import build_world, submitted_update

from .conftest import make_report, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_only_an_approval_changes_the_report(world):
    before, _ = data_version(world.commitment)
    other_before, _ = data_version(world.other_commitment)
    draft = submitted_update(world, submit=False)
    assert data_version(world.commitment)[0] == before
    progress.progress_update_submit(update=draft, actor=world.user("poc"))
    assert data_version(world.commitment)[0] == before
    progress.progress_update_approve(update=draft, reviewer=world.user("reviewer"))
    after, changed = data_version(world.commitment)
    assert after != before
    draft.refresh_from_db()
    assert changed == draft.decided_at  # "the data's last change" on the report
    # A report of another member is untouched by it.
    assert data_version(world.other_commitment)[0] == other_before


def test_the_latest_approved_update_and_progress_in_both_languages(world):
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    # A later draft on the other milestone is not in the report.
    submitted_update(
        world,
        milestone=world.second_milestone,
        percent_complete=90,
        narrative="Not reviewed yet.",
        submit=False,
    )
    english = pdf_text(render(report_html(make_report(world.commitment, "en"))).pdf)
    # Milestones: 40% (approved update) and 0% (nothing approved): the commitment is at 20%.
    assert "Progress, from the milestones 20%" in english
    assert "Partially met Not yet due 40% Law adopted" in english
    assert "Scheduled Not yet due 0%" in english
    assert "Latest progress" in english
    assert "Data published: Partially met, 40% complete. Half the datasets are online." in english
    assert "Evidence: https://example.org/evidence" in english
    assert "Not reviewed yet." not in english and "90%" not in english
    spanish = pdf_text(render(report_html(make_report(world.commitment, "es"))).pdf)
    assert "Último avance" in spanish
    assert "Avance, según los hitos 20%" in spanish
    plan = world.commitment.get_parent().specific
    plan_text = pdf_text(render(report_html(make_report(plan, "en"))).pdf)
    assert "Progress, from the milestones 20%" in plan_text
