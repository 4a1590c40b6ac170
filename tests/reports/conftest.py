from __future__ import annotations

import io

import pytest


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, whitespace folded."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def make_report(page, language: str):
    """An unsaved Report of ``page`` at its current data version."""
    from reports.build import kind_of
    from reports.models import Report
    from reports.versions import data_version

    version, changed = data_version(page)
    return Report(kind=kind_of(page), page=page, language=language, version=version, data_changed_at=changed)


@pytest.fixture(scope="module")
def biggest_plan(imported_once, django_db_blocker):
    """The sample's action plan with the most commitments."""
    import datetime

    from commitments.explorer.facts import commitment_facts_refresh
    from commitments.models import ActionPlanPage, CommitmentPage, Milestone
    from commitments.rules import MilestoneStatus

    with django_db_blocker.unblock():
        plan = max(
            ActionPlanPage.objects.live(),
            key=lambda plan: (CommitmentPage.objects.live().child_of(plan).count(), plan.plan_id),
        )
        # The sample has no milestones: give the plan's first commitment three, one of each kind.
        first = CommitmentPage.objects.live().child_of(plan).order_by("number", "ogp_id").first()
        Milestone.objects.bulk_create(
            [
                Milestone(
                    commitment=first,
                    sort_order=0,
                    title="Publish the draft law for comment",
                    end_date=datetime.date(2013, 3, 1),
                    status=MilestoneStatus.MET,
                    date_met=datetime.date(2013, 2, 1),
                ),
                Milestone(
                    commitment=first,
                    sort_order=1,
                    title="Hold public hearings in every region",
                    end_date=datetime.date(2013, 6, 1),
                    status=MilestoneStatus.NOT_MET,
                ),
                Milestone(
                    commitment=first,
                    sort_order=2,
                    title="Adopt the law in parliament",
                    end_date=datetime.date(2099, 1, 1),
                    status=MilestoneStatus.SCHEDULED,
                ),
            ]
        )
        # bulk_create sends no signals: refresh the facts the pages read, as the importer does.
        commitment_facts_refresh([first.pk])
        return plan
