"""The explorer's CommitmentFacts follow the record through every path that changes it."""

from __future__ import annotations

import datetime

import pytest

from django.utils import timezone

from commitments import irm, services
from commitments.explorer.facts import commitment_facts_refresh, facts_deferred
from commitments.models import CommitmentFacts, CommitmentPage, IRMAssessment, MemberPage
from commitments.rules import MilestoneStatus
from commitments.selectors import commitment_star, latest_assessment
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db


def facts(ogp_id: str) -> CommitmentFacts:
    return CommitmentFacts.objects.get(commitment__ogp_id=ogp_id)


def test_every_imported_commitment_has_facts_that_match_its_record(imported):
    assert CommitmentFacts.objects.count() == CommitmentPage.objects.count() == 60
    for page in CommitmentPage.objects.prefetch_related("irm_assessments", "stakeholder_roles__organisation"):
        row = page.facts
        plan = page.get_parent().specific
        member = plan.get_parent().specific
        assert (row.member_id, row.action_plan_id) == (member.pk, plan.pk)
        assert (row.region, row.level) == (member.region, member.level)
        assert (row.plan_start_year, row.plan_end_year) == (plan.start_year, plan.end_year)
        assessments = list(page.irm_assessments.all())
        latest = latest_assessment([a for a in assessments if a.completion])
        assert row.completion == (latest.completion if latest else "")
        assert row.starred is commitment_star(assessments)  # the latest scored report's, as OGP's Max star
        sectors = {r.organisation.sector for r in page.stakeholder_roles.all()}
        assert row.has_government == (Sector.GOVERNMENT in sectors)
        assert row.has_civil_society == (Sector.CIVIL_SOCIETY in sectors)
    # The sample's stars: ten commitments have at least one starred report.
    assert CommitmentFacts.objects.filter(starred=True).count() == len(
        {a.commitment_id for a in IRMAssessment.objects.all() if a.starred}
    )


def test_milestones_written_through_services_update_the_counts(imported):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    today = timezone.localdate()
    services.milestone_create(
        commitment=page, title="Open data portal", end_date=today - datetime.timedelta(days=3)
    )
    services.milestone_create(
        commitment=page,
        title="Law adopted",
        end_date=today - datetime.timedelta(days=40),
        status=MilestoneStatus.MET,
        date_met=today - datetime.timedelta(days=10),
    )
    row = facts("UA0087")
    assert (row.milestones, row.milestones_met, row.milestones_met_late) == (2, 1, 1)
    assert row.next_open_due == today - datetime.timedelta(days=3)


def test_publishing_an_edit_in_the_admin_updates_roles_and_milestones(imported):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    assert not facts("UA0087").has_business
    business = Organisation.objects.create(name="Transparent Business Ltd", sector=Sector.BUSINESS)
    services.stakeholder_role_add(commitment=page, organisation=business, role="monitor")
    assert facts("UA0087").has_business
    # An editor removes the role and publishes: the page's revision decides.
    page = CommitmentPage.objects.get(pk=page.pk)
    page.stakeholder_roles = [r for r in page.stakeholder_roles.all() if r.organisation_id != business.pk]
    page.save_revision().publish()
    assert not facts("UA0087").has_business


def test_an_assessment_and_a_sector_change_update_the_facts(imported):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    services.irm_assessment_upsert(
        commitment=page,
        report_type=irm.ReportType.END_OF_TERM,
        values={
            "publication_year": 2099,
            "completion": "complete",
            "specificity": "high",
            "relevant": True,
            "potential_impact": "transformative",
        },
    )
    row = facts("UA0087")
    assert (row.completion, row.potential_impact, row.starred) == ("complete", "transformative", True)

    organisation = page.stakeholder_roles.first().organisation
    organisation.sector = Sector.ACADEMIA
    organisation.save()
    assert facts("UA0087").has_academia


def test_a_member_moved_to_another_region_moves_its_commitments(imported):
    member = MemberPage.objects.get(code="UKR")
    member.region = "Americas"
    member.save_revision().publish()
    assert set(CommitmentFacts.objects.filter(member=member).values_list("region", flat=True)) == {"Americas"}


def test_deferred_refresh_happens_once_at_the_end(imported, django_assert_max_num_queries):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    with facts_deferred() as pending:
        for n in range(5):
            services.milestone_create(commitment=page, title=f"Step {n}")
        assert facts("UA0087").milestones == 0  # not yet
        assert pending == {page.pk}
    assert facts("UA0087").milestones == 5


def test_refreshing_costs_a_few_queries_per_batch_not_per_commitment(imported):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = list(CommitmentPage.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as few:
        commitment_facts_refresh(ids[:5])
    with CaptureQueriesContext(connection) as many:
        commitment_facts_refresh(ids)
    # Fourteen reads and writes per batch of 500 (two of them for progress updates and
    # milestones' progress, one for links to contracting data, one for civil-society scores, one
    # for the feedback cases' earliest deadline, one for site visits, one for policy areas);
    # SQLite splits the final upsert into inserts of at most 999 parameters, so 60 commitments
    # take a few more statements.
    per_insert = 999 // len(CommitmentFacts._meta.concrete_fields)
    assert len(few) == 14
    assert len(many) <= len(few) + len(ids) // per_insert


def test_deleting_a_commitment_or_a_milestone_keeps_the_facts_consistent(imported):
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    milestone = services.milestone_create(commitment=page, title="Step")
    assert facts("UA0087").milestones == 1
    milestone.delete()
    assert facts("UA0087").milestones == 0
    services.milestone_create(commitment=page, title="Step")
    plan = page.get_parent()
    page.delete()
    assert not CommitmentFacts.objects.filter(commitment_id=page.pk).exists()
    # The whole plan, with its commitments' parts, goes too.
    plan.delete()
    from django.db import connection

    connection.check_constraints()
    assert CommitmentFacts.objects.count() == CommitmentPage.objects.count()


def test_the_refresh_command_rederives_every_commitments_facts(imported):
    """After a release changes how a fact is derived (the star, say), one command repairs them."""
    import io

    from django.core.management import call_command

    truth = dict(CommitmentFacts.objects.values_list("commitment_id", "starred"))
    completions = dict(CommitmentFacts.objects.values_list("commitment_id", "completion"))
    CommitmentFacts.objects.update(starred=True, completion="complete")
    out = io.StringIO()
    call_command("refresh_commitment_facts", stdout=out)
    assert dict(CommitmentFacts.objects.values_list("commitment_id", "starred")) == truth
    assert dict(CommitmentFacts.objects.values_list("commitment_id", "completion")) == completions
    assert f"facts refreshed: {len(truth)} commitments" in out.getvalue()
