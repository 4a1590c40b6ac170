"""A small record with one public item of each kind and every kind of private item, each private
one carrying a SECRET marker that no API response and no bulk download may contain."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

from commitments import services
from commitments.contracting.importing import import_ocds
from commitments.contracting.owners import import_bods
from commitments.contracting.projects import import_oc4ids
from commitments.contracting.services import process_link_create, project_link_create
from commitments.models import CommitmentPage, ProgressUpdate
from commitments.progress import services as progress
from tests.commitments.progress_fixtures import World, build_world, pdf, submitted_update
from tracker.models import Sector

SECRETS = {
    "draft page": "SECRET-DRAFT-PAGE",
    "unpublished page": "SECRET-UNPUBLISHED-PAGE",
    "draft revision of a live page": "SECRET-DRAFT-REVISION",
    "members-only page": "SECRET-RESTRICTED-PAGE",
    "draft update": "SECRET-DRAFT-UPDATE",
    "submitted update": "SECRET-SUBMITTED-UPDATE",
    "returned update": "SECRET-RETURNED-UPDATE",
    "return reason": "SECRET-RETURN-REASON",
    "unapproved evidence": "secret-evidence.example",
    "email address": "@example.org",
    "author's username": "secret-author",
    "who withdrew": "secret-staff",
}
PRIVATE_IDS = ["TS0901", "TS0902", "TS0903"]
CONTRACTING = Path(__file__).resolve().parent.parent / "data" / "contracting"
OCID = "ocds-213czf-000-00001"
HIDDEN_OCID = "ocds-213czf-000-00077"


@dataclass
class Record:
    world: World
    approved: ProgressUpdate
    hidden_milestone_ids: list[int]
    hidden_update_ids: list[int]
    hidden_assessment_ids: list[int]


def _child_commitment(world: World, ogp_id: str, title: str) -> CommitmentPage:
    plan = world.commitment.get_parent().specific
    page, _ = services.commitment_page_upsert(plan=plan, ogp_id=ogp_id, values={"title": title})
    return page


def build_record() -> Record:
    world = build_world()
    poc, reviewer, staff = world.user("poc"), world.user("reviewer"), world.user("staff")
    poc.username, staff.username = "secret-author", "secret-staff"
    poc.save()
    staff.save()
    partner, _ = services.organisation_get_or_create(name="Open Data Lab", sector=Sector.CIVIL_SOCIETY)
    services.stakeholder_role_add(commitment=world.commitment, organisation=partner, role="monitor")

    # Public: an approved update with an evidence file; the other commitment withdrawn.
    approved = submitted_update(
        world, narrative="Approved: datasets online.", evidence_file=pdf(), evidence_url=""
    )
    approved = progress.progress_update_approve(update=approved, reviewer=reviewer)
    services.commitment_withdraw(commitment=world.other_commitment, actor=staff, reason="Merged into another")

    # Private pages.
    plan = world.commitment.get_parent().specific
    draft = plan.add_child(
        instance=CommitmentPage(title=SECRETS["draft page"], slug="ts0901", ogp_id="TS0901", live=False)
    )
    draft.save_revision()
    unpublished = _child_commitment(world, "TS0902", SECRETS["unpublished page"])
    unpublished.unpublish()
    restricted = _child_commitment(world, "TS0903", SECRETS["members-only page"])
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.first()])
    hidden_milestones = [
        services.milestone_create(commitment=page, title=f"{page.title} milestone").pk
        for page in (draft, unpublished, restricted)
    ]
    services.irm_assessment_upsert(
        commitment=world.commitment,
        report_type="results",
        values={"publication_year": 2026, "completion": "substantial"},
    )
    hidden_assessments = [
        services.irm_assessment_upsert(
            commitment=page, report_type="results", values={"publication_year": 2026}
        )[0].pk
        for page in (unpublished, restricted)
    ]
    live = CommitmentPage.objects.get(pk=world.commitment.pk)
    live.title = SECRETS["draft revision of a live page"]
    live.save_revision()

    # Private updates.
    evidence = "https://secret-evidence.example/file"
    draft_update = progress.progress_update_create(
        milestone=world.second_milestone,
        author=poc,
        status="partiallyMet",
        percent_complete=10,
        narrative=SECRETS["draft update"],
        evidence_url=evidence,
    )
    waiting = submitted_update(world, narrative=SECRETS["submitted update"], evidence_url=evidence)
    returned = submitted_update(world, narrative=SECRETS["returned update"], evidence_url=evidence)
    progress.progress_update_return_(update=returned, reviewer=reviewer, reason=SECRETS["return reason"])
    # Contracting data: a process, a project and owners, linked to the public commitment; a link
    # on the members-only commitment (its ocid must appear nowhere).
    import_ocds(CONTRACTING / "ocds_sample.json")
    import_oc4ids(CONTRACTING / "oc4ids_projects.json")
    import_bods(CONTRACTING / "bods_04.json")
    process_link_create(user=poc, commitment=world.commitment, ocid=OCID, relation="implements")
    project_link_create(
        user=poc, commitment=world.commitment, project_id="oc4ids-bu3kcz-0001", relation="monitors"
    )
    process_link_create(user=poc, commitment=restricted, ocid=HIDDEN_OCID, relation="monitors")
    return Record(
        world, approved, hidden_milestones, [draft_update.pk, waiting.pk, returned.pk], hidden_assessments
    )


@pytest.fixture
def record(db) -> Record:
    return build_record()


@pytest.fixture
def more(db):
    """Scores, rounds, cases, practices and events, public and private (``more_fixtures``)."""
    from .more_fixtures import build_more_record

    return build_more_record()
