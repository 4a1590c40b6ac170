"""The contracting panel reads its links, projects, processes (with awards, contracts, budget
lines, parties and releases) and beneficial owners in four queries however many there are,
and what it reads is what the models read (``tracker.db.JSONRows`` decoded back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.contracting.importing import import_ocds
from commitments.contracting.models import (
    BodsEntity,
    BodsEntityIdentifier,
    BodsPerson,
    BodsRelationship,
    BudgetLine,
    ContractingRelease,
    ProcessAward,
    ProcessContract,
    ProcessParty,
)
from commitments.contracting.owners import import_bods
from commitments.contracting.projects import import_oc4ids
from commitments.contracting.selectors import contracting_for
from commitments.contracting.services import process_link_create, project_link_create
from tracker.db import attnames

DATA = Path(__file__).resolve().parent.parent / "data" / "contracting"
OCIDS = ["ocds-213czf-000-00001", "ocds-213czf-000-00002", "ocds-213czf-000-00003"]

pytestmark = pytest.mark.django_db


def _import_everything():
    import_ocds(DATA / "ocds_sample.json")
    import_ocds(DATA / "ocds_record_package.json")
    import_bods(DATA / "bods_04.json")
    import_oc4ids(DATA / "oc4ids_projects.json")


def _link(world, ocid, **extra):
    process_link_create(
        user=world.user("poc"), commitment=world.commitment, ocid=ocid, relation="implements", **extra
    )


def _project(world, project_id):
    project_link_create(
        user=world.user("poc"), commitment=world.commitment, project_id=project_id, relation="implements"
    )


def _contracting_queries(world, who="anonymous", table="commitments_contracting_") -> tuple[int, str]:
    client = Client()
    if who != "anonymous":
        client.force_login(world.user(who))
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        html = client.get(world.commitment.url).content.decode()
    return sum(table in q["sql"] for q in captured.captured_queries), html


def test_four_queries_from_one_to_many_links_processes_projects_and_owners(world):
    _import_everything()
    _link(world, OCIDS[0])
    _project(world, "oc4ids-bu3kcz-0001")
    one, html = _contracting_queries(world)
    assert "Ada Q. Example" in html and "Planned cycle lane improvements" in html
    for ocid in OCIDS[1:]:
        _link(world, ocid)
    _link(world, OCIDS[0], milestone=world.milestone)
    _project(world, "oc4ids-bu3kcz-0002")
    many, html = _contracting_queries(world)
    # links; projects with budget lines and processes; processes with their children; owners.
    assert one == many == 4
    assert f"milestone: {world.milestone.title}" in html
    # A signed-in monitor asks once whether they are one (to link, and to unlink their links).
    asked, html = _contracting_queries(world, "monitor", 'SELECT 1 AS "a" FROM "commitments_stakeholderrole"')
    assert asked == 1 and "Link a contracting process or project" in html


def test_without_projects_three_queries_and_without_links_none(world):
    assert _contracting_queries(world)[0] == 0
    _import_everything()
    _link(world, OCIDS[0])
    assert _contracting_queries(world)[0] == 3


def _same(mine, theirs, model):
    names = attnames(model)
    assert [[getattr(o, n) for n in names] for o in mine] == [[getattr(o, n) for n in names] for o in theirs]
    for a, b in zip(mine, theirs, strict=True):
        assert all(type(getattr(a, n)) is type(getattr(b, n)) for n in names), model


def test_what_is_read_in_one_query_is_what_the_models_read(world):
    _import_everything()
    for ocid in OCIDS:
        _link(world, ocid)
    _project(world, "oc4ids-bu3kcz-0001")
    data = contracting_for([world.commitment.pk])[world.commitment.pk]
    assert [link.ocid for link in data.process_links] == OCIDS
    seen = 0
    for view in data.processes:
        process = view.process
        if process is None:
            continue
        seen += 1
        _same(
            process.awards.all(),
            ProcessAward.objects.filter(process=process).order_by("date", "pk"),
            ProcessAward,
        )
        _same(
            process.contracts.all(),
            ProcessContract.objects.filter(process=process).order_by("date_signed", "pk"),
            ProcessContract,
        )
        _same(
            process.budget_lines.all(), BudgetLine.objects.filter(process=process).order_by("pk"), BudgetLine
        )
        _same(
            process.parties.all(),
            ProcessParty.objects.filter(process=process).order_by("name", "pk"),
            ProcessParty,
        )
        assert ContractingRelease.objects.filter(process=process).exists()
        for supplier in view.suppliers:
            assert [(o.relationship.pk, o.party) for o in supplier.owners] == _reference_owners(supplier)
            if supplier.entity:
                for owner in supplier.owners:
                    _same(
                        [owner.relationship],
                        [BodsRelationship.objects.get(pk=owner.relationship.pk)],
                        BodsRelationship,
                    )
                    assert (
                        owner.relationship.source
                        == BodsRelationship.objects.get(pk=owner.relationship.pk).source
                    )
    assert seen >= 2
    assert any(s.owners for s in data.suppliers())
    (project,) = data.projects
    _same(
        project.project.budget_lines.all(),
        BudgetLine.objects.filter(project=project.project).order_by("pk"),
        BudgetLine,
    )


def _reference_owners(supplier):
    """Who owns a supplier, read model by model as the panel did before."""
    identifier = (
        BodsEntityIdentifier.objects.filter(scheme=supplier.scheme, identifier=supplier.identifier)
        .order_by("pk")
        .last()
    )
    if identifier is None:
        return []
    entity = identifier.entity
    pointers = {entity.statement_id} | ({entity.record_id} if entity.record_id else set())
    owners = []
    for relationship in BodsRelationship.objects.filter(subject__in=pointers).order_by(
        "statement_date", "pk"
    ):
        party = None
        if relationship.interested_party:
            for model in (BodsPerson, BodsEntity):
                named = [
                    s
                    for s in model.objects.order_by("statement_id")
                    if relationship.interested_party in {s.statement_id, s.record_id}
                ]
                if named:
                    party = named[-1]
                    break
        owners.append((relationship.pk, party))
    return owners
