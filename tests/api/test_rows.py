"""The API writes its records from ``values()`` rows (``commitments.api.rows``): the output must
be exactly what the serializers write from model instances (the path it replaced, and what the
schema documents): the same fields in the same order, the same values, nulls and URLs, for the
edge cases of the private-record fixture and for the whole demo."""

from __future__ import annotations

import datetime
import json

import pytest

from django.core.management import call_command
from django.db.models import Prefetch
from django.test import RequestFactory

from commitments import services
from commitments.api import bulk, rows, selectors
from commitments.api import serializers as s
from commitments.models import CommitmentFacts, IRMAssessment, Milestone, StakeholderRole
from commitments.progress import services as progress
from commitments.visibility import public_commitments
from tests.commitments.progress_fixtures import submitted_update
from tracker.models import Organisation, Sector


def with_parts(queryset, *, detail: bool):
    """The prefetching the serializers were fed before ``rows`` (their reference order)."""
    queryset = queryset.select_related("facts", "facts__member", "facts__action_plan").prefetch_related(
        "policy_areas",
        Prefetch(
            "stakeholder_roles",
            queryset=StakeholderRole.objects.select_related("organisation").order_by("sort_order", "pk"),
        ),
    )
    if detail:
        queryset = queryset.prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order", "pk")),
            Prefetch(
                "irm_assessments",
                queryset=IRMAssessment.objects.order_by("publication_year", "report_type", "pk"),
            ),
        )
    return queryset


# Each record kind: its public queryset and its serializer (the bulk download's, and the lists').
KINDS = [
    (selectors.public_members, s.MemberSerializer),
    (selectors.public_plans, s.ActionPlanSerializer),
    (lambda: with_parts(public_commitments(), detail=False), s.CommitmentSerializer),
    (lambda: with_parts(public_commitments(), detail=True), s.CommitmentDetailSerializer),
    (selectors.public_milestones, s.MilestoneSerializer),
    (selectors.public_assessments, s.IRMAssessmentSerializer),
    (selectors.public_updates, s.ProgressUpdateSerializer),
    (selectors.public_organisations, s.OrganisationSerializer),
]


def _contexts():
    request = RequestFactory().get("/api/v1/commitments/", HTTP_HOST="api.example.net")
    return [{}, {"request": request}]


def assert_rows_write_what_the_serializers_write() -> int:
    compared = 0
    for queryset, serializer_class in KINDS:
        for context in _contexts():
            expected = serializer_class(queryset().order_by("pk"), many=True, context=dict(context)).data
            writer = rows.BY_SERIALIZER[serializer_class]
            got = writer.build(list(writer.values(queryset().order_by("pk"))), dict(context))
            assert expected, serializer_class.__name__
            # As JSON text: the same keys in the same order, the same types and values.
            assert json.dumps(got) == json.dumps(expected), serializer_class.__name__
            compared += len(got)
    return compared


def _edge_cases(record) -> None:
    """What the fixture lacks: an org-id, a website and a country; a link as evidence; a
    commitment whose facts lost their member and plan; a met milestone re-baselined; policy
    areas; a starred assessment."""
    world = record.world
    organisation, _ = services.organisation_get_or_create(
        name="Registry Org", sector=Sector.BUSINESS, country="UA"
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        scheme="UA-EDR", identifier="12345678", website="https://registry.example"
    )
    services.stakeholder_role_add(commitment=world.commitment, organisation=organisation, role="funder")
    world.milestone = world.second_milestone
    update = submitted_update(world, narrative="By link", evidence_url="https://example.net/report")
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    Milestone.objects.filter(pk=world.milestone.pk).update(
        date_met=datetime.date(2025, 3, 1),
        original_title="Before",
        original_end_date=datetime.date(2024, 12, 31),
    )
    areas = services.policy_areas_ensure(["Open Contracting", "Public Procurement"])[0]
    world.commitment.policy_areas.set(areas.values())
    IRMAssessment.objects.filter(commitment=world.commitment).update(starred_reported=True, relevant=True)
    CommitmentFacts.objects.filter(commitment=world.other_commitment).update(
        member=None, action_plan=None, starred=None, next_open_due=datetime.date(2020, 1, 1)
    )


@pytest.mark.django_db
def test_rows_write_the_fixture_and_its_edge_cases_as_the_serializers(record):
    _edge_cases(record)
    assert assert_rows_write_what_the_serializers_write() > 20
    detail = rows.COMMITMENT_DETAILS.build(
        list(rows.COMMITMENT_DETAILS.values(public_commitments().filter(ogp_id="OT0001"))), {}
    )[0]
    assert (detail["member"], detail["action_plan"], detail["starred"]) == ("", "", None)
    assert "milestone_overdue" in detail["red_flags"]


@pytest.mark.django_db
def test_rows_write_the_demo_as_the_serializers():
    call_command("seed_demo", verbosity=0)
    assert assert_rows_write_what_the_serializers_write() > 500


@pytest.mark.django_db
def test_the_bulk_download_and_the_api_write_the_same_records(client, record):
    """One path: each commitment in the download is the API's detail of it, to the byte."""
    written = {
        line["record"]["ogp_id"]: line["record"]
        for line in map(json.loads, bulk.records())
        if line["type"] == "commitment"
    }
    assert written
    for ogp_id, record_written in written.items():
        served = client.get(f"/api/v1/commitments/{ogp_id}/", HTTP_ACCEPT="application/json").json()
        # The download has no request: its URLs use the site's base URL.
        assert {k: v for k, v in served.items() if "url" not in k} == {
            k: v for k, v in record_written.items() if "url" not in k
        }


@pytest.mark.parametrize(
    "path", ["/en/testland/", "/en/países/compromiso-ñ/", "/api/v1/commitments/TS0001/", "//x/", "/a/../b/"]
)
def test_absolute_urls_are_what_the_request_would_build(path):
    request = RequestFactory().get("/api/v1/", HTTP_HOST="api.example.net")
    context = {"request": request}
    assert s.absolute(context, "/") == "http://api.example.net/"
    assert s.absolute(context, path) == request.build_absolute_uri(path)
