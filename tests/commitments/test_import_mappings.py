"""What the importer makes of each column of OGP's export (one import, shared by the module)."""

from __future__ import annotations

import datetime

import pytest

from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    PolicyArea,
    StakeholderRole,
)
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db


def test_member_action_plan_and_commitment_fields(imported_once):
    member = MemberPage.objects.get(code="UKR")
    assert (member.title, member.level, member.region, member.country.code) == (
        "Ukraine",
        "national",
        "Europe",
        "UA",
    )
    local = MemberPage.objects.get(code="ARBA")
    assert (local.title, local.level, local.country.code) == ("Buenos Aires, Argentina", "local", "AR")

    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    assert plan.get_parent().pk == member.pk
    assert (plan.number, plan.start_year, plan.end_year, plan.status) == (2, 2014, 2016, "ended")

    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    assert commitment.get_parent().specific.plan_id == "AP_UKR05"
    assert commitment.short_title == "Expand budget transparency system"
    assert commitment.full_title.startswith("Ensuring the provision of information on budget programme")
    assert commitment.ogp_url == "https://opengovpartnership.org/members/ukraine/commitments/ua0087"
    assert commitment.slug == "ua0087"
    assert "Budget for Citizens module" in commitment.full_text
    assert commitment.ogp_extra["Updated? (Website)"] is not None
    assert "Full Text" not in commitment.ogp_extra
    assert "Open Contracting" not in commitment.ogp_extra


def test_policy_areas_come_from_the_flag_columns_with_spanish_names(imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="MW0006")
    names = set(commitment.policy_areas.values_list("name", flat=True))
    assert {"Open Contracting", "Beneficial Ownership"} <= names
    area = PolicyArea.objects.get(name="Open Contracting")
    assert area.name_es == "Contrataciones abiertas"
    assert area.parent.name == "Anti-Corruption and Integrity"


def test_long_titles_fit_the_page_title_and_are_kept_whole(imported_once):
    longest = max(CommitmentPage.objects.all(), key=lambda c: len(c.full_title))
    assert len(longest.full_title) > 255
    assert len(longest.title) <= 255
    assert longest.title.endswith("…")


def test_dates_in_the_exports_forms(imported_once):
    dates = {c.ogp_id: (c.start_date, c.end_date) for c in CommitmentPage.objects.all()}
    assert dates["UA0001"] == (datetime.date(2012, 7, 1), datetime.date(2012, 12, 31))  # "July 2012"
    texts = dict(CommitmentPage.objects.values_list("ogp_id", "start_date_text"))
    assert texts["UA0001"] == "July 2012"
    # "NA" means no date: nothing to keep.
    assert texts["FR0026"] == ""


def test_no_value_codes_become_empty(imported_once):
    # UA0087: Specificity ND, Potential Impact ND, Potential for Results Substantial (2021 method).
    review = IRMAssessment.objects.get(commitment__ogp_id="UA0087", report_type="action_plan_review")
    assert review.specificity == ""
    assert review.potential_impact == ""
    assert review.potential_for_results == "substantial"
    assert review.verifiable is True
    assert review.completion == ""
    assert review.starred is None
    results = IRMAssessment.objects.get(commitment__ogp_id="UA0087", report_type="results")
    assert (results.completion, results.publication_year) == ("limited", 2023)
    # CO0119: everything NR, so no assessment at all.
    assert not IRMAssessment.objects.filter(commitment__ogp_id="CO0119").exists()


def test_irm_assessments_of_the_earlier_method(imported_once):
    progress = IRMAssessment.objects.get(commitment__ogp_id="FR0026", report_type="progress")
    assert (progress.specificity, progress.potential_impact, progress.completion) == (
        "high",
        "transformative",
        "substantial",
    )
    assert progress.publication_year == 2017
    assert progress.starred is True
    end = IRMAssessment.objects.get(commitment__ogp_id="FR0026", report_type="end_of_term")
    assert (end.completion, end.open_government, end.starred) == ("complete", "major", True)
    worsened = IRMAssessment.objects.get(commitment__ogp_id="HR0024", report_type="end_of_term")
    assert worsened.open_government == "worsened"
    early = IRMAssessment.objects.get(commitment__ogp_id="LR0043", report_type="results")
    assert early.early_results == "not_yet"


def test_lead_and_supporting_institutions_become_organisations_with_roles(imported_once):
    roles = StakeholderRole.objects.filter(commitment__ogp_id="UA0005").select_related("organisation")
    by_role = {(r.organisation.name, r.role) for r in roles}
    assert by_role == {
        ("State Committee on TV and Radio Broadcasting of Ukraine", "lead_implementer"),
        ("Ministry of Justice", "supporting_implementer"),
    }
    justice = Organisation.objects.get(name="Ministry of Justice", country="UA")
    assert justice.sector == Sector.GOVERNMENT
    # The same ministry is one organisation across commitments and plans.
    assert justice.stakeholder_roles.count() >= 5
    # "CSOs:" labels the civil-society partners of UK0051: Involve and The Democratic Society.
    for name in ("Involve", "The Democratic Society"):
        assert Organisation.objects.get(name=name, country="GB").sector == Sector.CIVIL_SOCIETY
    # "NA" names nobody.
    assert not StakeholderRole.objects.filter(commitment__ogp_id="UA0013").exists()


def test_the_reference_index_knows_where_organisations_and_pages_are_used(imported_once):
    """The import indexes references once per record at the end; the admin's usage counts
    must still see every commitment an organisation takes part in."""
    from wagtail.models import ReferenceIndex

    justice = Organisation.objects.get(name="Ministry of Justice", country="UA")
    using = {ref.object_id for ref in ReferenceIndex.get_references_to(justice)}
    expected = {
        str(pk)
        for pk in StakeholderRole.objects.filter(organisation=justice).values_list("commitment_id", flat=True)
    }
    assert using == expected and len(expected) >= 5
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    assessments = ReferenceIndex.get_references_to(commitment).filter(content_type__model="irmassessment")
    assert {int(ref.object_id) for ref in assessments} == set(
        IRMAssessment.objects.filter(commitment=commitment).values_list("pk", flat=True)
    )
    assert assessments.count() == 2
