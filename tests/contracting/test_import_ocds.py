"""import_ocds: release packages, record packages, JSON Lines; validation; history; all-or-nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from commitments.contracting.importing import ImportFileError, import_ocds
from commitments.contracting.models import (
    BudgetLine,
    ContractingProcess,
    ContractingRelease,
    DataSource,
    ProcessAward,
    ProcessContract,
    ProcessParty,
    ProcessVersion,
)

SAMPLE = Path("/work/shared/data/ocds/release-package_ocds-213czf-000-00001.json")
DATA = Path(__file__).resolve().parent.parent / "data" / "contracting"
OCID = "ocds-213czf-000-00001"

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample() -> Path:
    if SAMPLE.exists():
        return SAMPLE
    return DATA / "ocds_sample.json"


def test_release_package_summary(sample):
    report = import_ocds(sample)
    assert (report.read, report.created, report.updated) == (6, 1, 0)
    process = ContractingProcess.objects.get(ocid=OCID)
    assert process.title == "Planned cycle lane improvements"
    assert process.buyer_name == "London Borough of Barnet"
    assert (process.buyer_scheme, process.buyer_identifier) == ("GB-LAC", "E09000003")
    assert process.procurement_method == "open"
    assert process.tender_status == "complete"
    assert (process.tender_amount, process.tender_currency) == (Decimal("1100000.00"), "GBP")
    assert process.release_count == 6
    assert process.tender_start.isoformat() == "2010-03-01T09:00:00+00:00"
    assert process.first_contract_signed.date().isoformat() == "2010-06-10"
    # The compiled release is ocdsmerge's: tagged compiled, holding the latest values.
    assert process.compiled["tag"] == ["compiled"]
    assert process.source.publisher == "Open Data Services Co-operative Limited"
    supplier = ProcessParty.objects.get(process=process, is_supplier=True)
    assert (supplier.name, supplier.scheme, supplier.identifier) == (
        "AnyCorp Cycle Provision",
        "GB-COH",
        "11111111.0",
    )
    award = ProcessAward.objects.get(process=process)
    assert list(award.suppliers.all()) == [supplier]
    contract = ProcessContract.objects.get(process=process)
    assert (contract.amount, contract.paid_amount, contract.status) == (
        Decimal("11000000.00"),
        Decimal("60000.00"),
        "active",
    )
    assert [t["amount"] for t in contract.transactions] == ["50000.00", "10000.00"]
    budget = BudgetLine.objects.get(process=process)
    assert (budget.amount, budget.budget_project_id) == (Decimal("6700000.00"), "SP001")


def test_reimport_is_unchanged_and_a_newer_release_updates_and_keeps_history(sample):
    import_ocds(sample)
    again = import_ocds(sample)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert ContractingRelease.objects.count() == 6
    newer = import_ocds(DATA / "ocds_newer_release.json")
    assert (newer.read, newer.updated) == (1, 1)
    process = ContractingProcess.objects.get(ocid=OCID)
    assert process.release_count == 7
    contract = process.contracts.get()
    assert contract.amount == Decimal("14300000.00")
    assert contract.paid_amount == Decimal("100000.00")
    versions = list(ProcessVersion.objects.filter(process=process).order_by("pk"))
    assert len(versions) == 2
    assert versions[0].compiled["contracts"][0]["value"]["amount"] == 11000000
    assert versions[1].compiled["contracts"][0]["value"]["amount"] == 14300000


def test_json_lines_of_releases_and_packages(sample):
    report = import_ocds(DATA / "ocds_releases.jsonl")
    assert (report.read, report.created) == (6, 1)
    from_lines = ContractingProcess.objects.get(ocid=OCID).compiled
    ContractingProcess.objects.all().delete()
    import_ocds(sample)
    assert ContractingProcess.objects.get(ocid=OCID).compiled == from_lines


def test_record_package_embedded_releases_or_compiled_release():
    report = import_ocds(DATA / "ocds_record_package.json")
    assert (report.read, report.created) == (7, 2)
    assert ContractingProcess.objects.get(ocid=OCID).release_count == 6
    second = ContractingProcess.objects.get(ocid="ocds-213czf-000-00002")
    assert second.title == "Hire of works barriers and signage"
    assert second.number_of_tenderers == 1


def test_json_lines_of_records(tmp_path):
    records = json.loads((DATA / "ocds_record_package.json").read_text())["records"]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    report = import_ocds(path)
    assert (report.read, report.created) == (7, 2)
    assert ContractingProcess.objects.get(ocid="ocds-213czf-000-00002").number_of_tenderers == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("invalid_amount.json", "releases[3].tender.value.amount: 'abc' is not of type 'number', 'null'"),
        ("invalid_missing_date.json", "releases[2]: 'date' is a required property"),
        ("invalid_truncated.json", "invalid_truncated.json: not valid JSON after releases[2]"),
        ("invalid_line.jsonl", "invalid_line.jsonl: line 2 is not valid JSON"),
        (
            "invalid_no_releases.json",
            "invalid_no_releases.json: no releases or records array in this package",
        ),
    ],
)
def test_invalid_file_names_the_path_exits_1_and_writes_nothing(name, message):
    with pytest.raises(CommandError) as error:
        call_command("import_ocds", str(DATA / name))
    assert message in str(error.value)
    assert error.value.returncode == 1
    assert not ContractingProcess.objects.exists()
    assert not ContractingRelease.objects.exists()
    assert not DataSource.objects.exists()


def test_invalid_release_after_valid_ones_leaves_existing_data_untouched(sample):
    import_ocds(sample)
    before = ContractingProcess.objects.get().compiled
    with pytest.raises(ImportFileError):
        import_ocds(DATA / "invalid_amount.json")
    assert ContractingProcess.objects.get().compiled == before
    assert DataSource.objects.count() == 1


def test_skip_invalid_skips_and_reports(capsys):
    call_command("import_ocds", str(DATA / "invalid_amount.json"), "--skip-invalid")
    out = capsys.readouterr().out
    assert "skipped: releases[3].tender.value.amount: 'abc' is not of type" in out
    assert out.strip().endswith(
        "imported OCDS: releases=5 processes created=1 updated=0 unchanged=0 skipped=1"
    )
    assert ContractingProcess.objects.get().release_count == 5


def test_command_ends_with_one_line_of_counts(sample, capsys):
    call_command("import_ocds", str(sample))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == ["imported OCDS: releases=6 processes created=1 updated=0 unchanged=0 skipped=0"]


def test_schema_copy_is_the_shared_one():
    """The repository's copy of the schema (CI has no shared folder) matches the original."""
    shared = SAMPLE.parent / "schema-1.1" / "release-schema.json"
    if not shared.exists():
        pytest.skip("no shared data on this machine")
    ours = Path("commitments/contracting/schema/release-schema.json")
    assert json.loads(ours.read_text()) == json.loads(shared.read_text())


def test_published_text_longer_than_a_column_is_cut_there_and_kept_whole_in_the_json(tmp_path, sample):
    package = json.loads(sample.read_text())
    long_name = "AnyCorp " + "x" * 600
    for release in package["releases"]:
        for party in release.get("parties", []):
            if party["name"] == "AnyCorp Cycle Provision":
                party["name"] = long_name
    path = tmp_path / "long.json"
    path.write_text(json.dumps(package))
    import_ocds(path)
    supplier = ProcessParty.objects.get(is_supplier=True)
    assert supplier.name == long_name[:500]
    names = {p["name"] for p in ContractingProcess.objects.get().compiled["parties"]}
    assert long_name in names
