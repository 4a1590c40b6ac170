"""import_oc4ids and import_bods (0.4 and 0.2): what is kept, messages, all-or-nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from commitments.contracting.models import (
    BodsEntity,
    BodsEntityIdentifier,
    BodsPerson,
    BodsRelationship,
    BudgetLine,
    DataSource,
    InfrastructureProject,
    ProjectProcess,
)
from commitments.contracting.owners import import_bods
from commitments.contracting.projects import import_oc4ids

DATA = Path(__file__).resolve().parent.parent / "data" / "contracting"

pytestmark = pytest.mark.django_db


def test_oc4ids_projects_status_budget_breakdown_completion_and_processes():
    report = import_oc4ids(DATA / "oc4ids_projects.json")
    assert (report.read, report.created) == (2, 2)
    project = InfrastructureProject.objects.get(project_id="oc4ids-bu3kcz-0001")
    assert (project.status, project.budget_amount, project.public_authority) == (
        "implementation",
        Decimal("7000000.00"),
        "London Borough of Barnet",
    )
    lines = list(
        BudgetLine.objects.filter(project=project).order_by("pk").values_list("description", "amount")
    )
    assert lines == [
        ("Council capital programme (London Borough of Barnet)", Decimal("5000000.00")),
        ("Transport for London grant (Transport for London)", Decimal("2000000.00")),
    ]
    assert list(ProjectProcess.objects.filter(project=project).values_list("ocid", flat=True)) == [
        "ocds-213czf-000-00001"
    ]
    done = InfrastructureProject.objects.get(project_id="oc4ids-bu3kcz-0002")
    assert (done.completion_amount, done.completion_details) == (
        Decimal("1150000.00"),
        "Completed with a wider deck.",
    )
    assert done.completion_date.date().isoformat() == "2020-06-30"
    # Without a breakdown, the total is the project's one budget line.
    assert list(done.budget_lines.values_list("amount", flat=True)) == [Decimal("900000.00")]
    assert project.source.publisher == "CoST Example Infrastructure Transparency Initiative"
    again = import_oc4ids(DATA / "oc4ids_projects.json")
    assert (again.created, again.unchanged) == (0, 2)
    assert BudgetLine.objects.count() == 3


def test_oc4ids_invalid_names_the_path_and_writes_nothing(capsys):
    with pytest.raises(CommandError) as error:
        call_command("import_oc4ids", str(DATA / "invalid_oc4ids_amount.json"))
    assert "projects[1].budget.amount.amount: 'lots' is not of type 'number'" in str(error.value)
    assert not InfrastructureProject.objects.exists()
    call_command("import_oc4ids", str(DATA / "invalid_oc4ids_amount.json"), "--skip-invalid")
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("imported OC4IDS: projects=1 projects created=1 updated=0 unchanged=0 skipped=1")
    )


def test_bods_04_statements_as_published():
    report = import_bods(DATA / "bods_04.json")
    assert (report.read, report.created) == (4, 4)
    entity = BodsEntity.objects.get()
    assert (entity.name, entity.record_id, entity.founding_date.isoformat()) == (
        "AnyCorp Ltd",
        "rec-anycorp",
        "2005-06-01",
    )
    assert list(BodsEntityIdentifier.objects.values_list("scheme", "identifier")) == [
        ("GB-COH", "11111111.0")
    ]
    person = BodsPerson.objects.get()
    assert person.name == "Ada Q. Example"
    assert person.data["recordDetails"]["names"] == [{"type": "individual", "fullName": "Ada Q. Example"}]
    owned = BodsRelationship.objects.get(statement_id="st-rel-ada-anycorp-1")
    assert (owned.subject, owned.interested_party) == ("rec-anycorp", "rec-ada")
    assert owned.interests[0]["share"] == {
        "minimum": 50,
        "maximum": 75,
        "exclusiveMinimum": True,
        "exclusiveMaximum": False,
    }
    assert owned.statement_date.isoformat() == "2020-03-04"
    unknown = BodsRelationship.objects.get(statement_id="st-rel-unknown-anycorp-1")
    assert unknown.interested_party == ""
    assert unknown.unspecified_reason == "subjectExemptFromDisclosure — Listed on a regulated market"


def test_bods_02_shape():
    import_bods(DATA / "bods_02.json")
    entity = BodsEntity.objects.get()
    assert (entity.name, entity.jurisdiction, entity.entity_type) == (
        "Beta Corp Ltd",
        "GB",
        "registeredEntity",
    )
    assert list(entity.org_ids.values_list("scheme", "identifier")) == [("GB-COH", "22222222.0")]
    relationship = BodsRelationship.objects.get()
    assert (relationship.subject, relationship.interested_party) == ("st02-entity-beta", "st02-person-bo")
    assert relationship.interests[0]["share"] == {"exact": 100}
    assert BodsPerson.objects.get().name == "Bo Example"


def test_bods_03_shape(tmp_path):
    """0.3 spells the id statementId (0.2: statementID), with 0.2's top-level shape."""
    statements = json.loads((DATA / "bods_02.json").read_text())
    for statement in statements:
        statement["statementId"] = statement.pop("statementID")
    path = tmp_path / "bods_03.json"
    path.write_text(json.dumps(statements))
    report = import_bods(path)
    assert (report.read, report.created) == (3, 3)
    relationship = BodsRelationship.objects.get()
    assert (relationship.statement_id, relationship.subject) == ("st02-ooc-bo-beta", "st02-entity-beta")


def test_bods_json_lines_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "bods.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in json.loads((DATA / "bods_04.json").read_text())) + "\n")
    assert import_bods(path).created == 4
    again = import_bods(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert DataSource.objects.count() == 1


def test_bods_invalid_names_the_statement_and_writes_nothing():
    with pytest.raises(CommandError) as error:
        call_command("import_bods", str(DATA / "invalid_bods.json"))
    assert "[1].recordType: 'company' is not one of 'entity', 'person', 'relationship'" in str(error.value)
    assert not BodsEntity.objects.exists()
