"""The commitment page's contracting panel, the flags computed from contracting data, and the
explorer's facets on them; query counts flat however many processes are linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.contracting.importing import import_ocds
from commitments.contracting.models import ProcessLink
from commitments.contracting.owners import import_bods
from commitments.contracting.projects import import_oc4ids
from commitments.contracting.services import link_delete, process_link_create, project_link_create
from commitments.models import CommitmentFacts

DATA = Path(__file__).resolve().parent.parent / "data" / "contracting"
OCID = "ocds-213czf-000-00001"

pytestmark = pytest.mark.django_db


def _page(world, language="en") -> str:
    world.commitment.refresh_from_db()
    response = Client().get(world.commitment.url.replace("/en/", f"/{language}/"))
    assert response.status_code == 200
    return response.content.decode()


def _facts(world) -> CommitmentFacts:
    return CommitmentFacts.objects.get(commitment=world.commitment)


def _link(world, ocid=OCID, **extra):
    return process_link_create(
        user=world.user("poc"), commitment=world.commitment, ocid=ocid, relation="implements", **extra
    )


def test_no_panel_for_visitors_without_links(world):
    assert "contracting-heading" not in _page(world)


def test_the_panel_shows_process_money_suppliers_and_owners_with_sources(world):
    import_ocds(DATA / "ocds_sample.json")
    _link(world)
    page = _page(world)
    assert "Planned cycle lane improvements" in page and OCID in page
    assert "London Borough of Barnet" in page
    assert "Budget → contracted → paid" in page
    assert "GBP 6,700,000" in page and "GBP 11,000,000" in page and "GBP 60,000" in page
    assert "contracts[].implementation.transactions" in page
    assert "Award of contract to build new cycle lanes in the centre of town." in page
    assert "AnyCorp Cycle Provision" in page and "GB-COH 11111111.0" in page
    assert "No beneficial owners declared." in page
    facts = _facts(world)
    assert (facts.contracting_links, facts.supplier_without_owners, facts.no_confirmed_budget) == (
        1,
        True,
        False,
    )
    assert "Supplier without declared owners" in page

    import_bods(DATA / "bods_04.json")  # the import refreshes the linked commitments' facts
    page = _page(world)
    assert "Ada Q. Example" in page
    assert "more than 50% up to 75%" in page and "shareholding" in page
    assert "Statement of 2020-03-04" in page
    assert "Not disclosed: subjectExemptFromDisclosure — Listed on a regulated market" in page
    assert "Example Companies Register" not in page or "bods_04.json" in page  # source named with the file
    assert "bods_04.json" in page
    assert not _facts(world).supplier_without_owners
    assert "Supplier without declared owners" not in page


def test_data_not_imported_yet_then_imported(world):
    _link(world, ocid="ocds-213czf-000-00001")
    page = _page(world)
    assert "Data not imported yet." in page
    assert _facts(world).no_confirmed_budget
    assert "No confirmed budget" in page
    import_ocds(DATA / "ocds_sample.json")
    assert "Data not imported yet." not in _page(world)
    assert not _facts(world).no_confirmed_budget


def test_indicators_reach_the_page_and_the_explorer(world):
    import_ocds(DATA / "ocds_record_package.json")  # its second process had one tenderer
    _link(world, ocid="ocds-213czf-000-00002")
    assert _facts(world).single_tenderer
    page = _page(world)
    assert "Single tenderer" in page and "numberOfTenderers" in page
    listed = Client().get("/en/commitments/", {"flag": "single_tenderer"}).context["page_obj"].object_list
    assert [p.ogp_id for p in listed] == ["TS0001"]
    import_ocds(DATA / "ocds_newer_release.json")
    assert not _facts(world).contract_amended  # the amended process is not linked yet
    _link(world)
    assert _facts(world).contract_amended
    listed = Client().get("/en/commitments/", {"flag": "contract_amended"}).context["page_obj"].object_list
    assert [p.ogp_id for p in listed] == ["TS0001"]


def test_unlinking_clears_the_flags(world):
    link = _link(world, ocid="ocds-213czf-000-00009")
    assert _facts(world).no_confirmed_budget
    link_delete(user=world.user("poc"), link=link)
    assert not _facts(world).no_confirmed_budget and _facts(world).contracting_links == 0


def test_a_project_shows_status_breakdown_completion_and_its_processes(world):
    import_oc4ids(DATA / "oc4ids_projects.json")
    import_ocds(DATA / "ocds_sample.json")
    project_link_create(
        user=world.user("poc"),
        commitment=world.commitment,
        project_id="oc4ids-bu3kcz-0001",
        relation="implements",
    )
    project_link_create(
        user=world.user("poc"),
        commitment=world.commitment,
        project_id="oc4ids-bu3kcz-0002",
        relation="example",
    )
    page = _page(world)
    assert "Central Junction Cycle Scheme" in page and "implementation" in page
    assert "Council capital programme (London Borough of Barnet)" in page and "GBP 5,000,000" in page
    assert "Completed with a wider deck." in page and "GBP 1,150,000" in page
    # The project's contracting process is followed on to the OCDS data.
    assert "Through the linked project oc4ids-bu3kcz-0001" in page
    assert "Planned cycle lane improvements" in page
    assert not _facts(world).no_confirmed_budget


def test_spanish_page(world):
    import_ocds(DATA / "ocds_sample.json")
    _link(world)
    page = _page(world, "es")
    assert "Seguir el dinero" in page


def _count(world) -> int:
    client = Client()
    client.force_login(world.user("poc"))
    url = world.commitment.url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_flat_with_one_or_many_linked_processes(world):
    import_ocds(DATA / "ocds_record_package.json")
    import_bods(DATA / "bods_04.json")
    import_oc4ids(DATA / "oc4ids_projects.json")
    # One of each kind first (a process, a project), then many of each.
    _link(world)
    project_link_create(
        user=world.user("poc"),
        commitment=world.commitment,
        project_id="oc4ids-bu3kcz-0001",
        relation="implements",
    )
    one = _count(world)
    _link(world, ocid="ocds-213czf-000-00002")
    _link(world, ocid="ocds-213czf-000-00003")
    _link(world, ocid=OCID, milestone=world.milestone)
    project_link_create(
        user=world.user("poc"),
        commitment=world.commitment,
        project_id="oc4ids-bu3kcz-0002",
        relation="example",
    )
    assert ProcessLink.objects.count() == 4
    assert _count(world) == one


CONTRACTING_FLAGS = [
    "no_confirmed_budget",
    "supplier_without_owners",
    "single_tenderer",
    "contract_amended",
    "short_award_period",
    "supplier_registered_late",
]


@pytest.mark.parametrize("code", CONTRACTING_FLAGS)
def test_each_contracting_flag_rule_and_condition_agree_and_filter_the_explorer(world, code):
    from django.utils import timezone

    from commitments.flags import FLAGS, flags_for

    CommitmentFacts.objects.filter(commitment=world.commitment).update(**{code: True})
    now = timezone.now()
    for facts in CommitmentFacts.objects.all():
        in_query = CommitmentFacts.objects.filter(FLAGS[code].condition("", now), pk=facts.pk).exists()
        assert in_query == FLAGS[code].test(facts, now) == (facts.commitment_id == world.commitment.pk)
        assert (code in {f.code for f in flags_for(facts, now)}) == in_query
    listed = Client().get("/en/commitments/", {"flag": code}).context["page_obj"].object_list
    assert [p.ogp_id for p in listed] == ["TS0001"]
    facets = Client().get("/en/commitments/").content.decode()
    assert str(FLAGS[code].label) in facets
