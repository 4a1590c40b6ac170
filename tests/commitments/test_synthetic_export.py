"""The synthetic OGP export the importer's bench uses: as messy as the real one, importable,
and the same file whatever the format."""

from __future__ import annotations

import csv
import json
import re
from io import StringIO

import pytest

from django.core.management import call_command

from commitments.models import CommitmentPage
from devdata.synthetic_export import HEADER, export_rows, write_export

pytestmark = pytest.mark.django_db

ROWS = 150


def test_the_export_is_deterministic_and_has_the_real_exports_messiness():
    rows = list(export_rows(commitments=ROWS))
    assert rows == list(export_rows(commitments=ROWS))
    assert rows[0] == HEADER and len(rows) == ROWS + 1
    column = {name: [row[i] for row in rows[1:]] for i, name in enumerate(HEADER)}
    dates = column["Start Date"] + column["End Date"]
    assert any(re.fullmatch(r"4\d{4}", d) for d in dates)  # Excel serials
    assert any(d.startswith("1905-") for d in dates)  # bare years read as 1905 dates
    assert any(re.fullmatch(r"(1[3-9]|2\d|3[01])/\d{1,2}/\d{4}", d) for d in dates)  # day first
    assert any(re.fullmatch(r"[A-Z]?\d*(\.[\dA-Z]+)+|[A-Z]\d", n) for n in column["Commitment Number"])
    assert any(i != i.upper() for i in column["Commitment Unique Identifier"])
    assert any("\r\n" in text for text in column["Full Text"])
    assert any(
        t.startswith(("=", "@", "+")) for t in column["Commitment Title"] + column["Binding constraint"]
    )
    institutions = column["Lead Institution"] + column["Supporting Institution(s)"]
    assert any("(a) Secretary General" in text or "and Development" in text for text in institutions)


def test_the_export_imports_whole_and_a_rerun_changes_nothing(tmp_path):
    path = write_export(tmp_path / "export.csv", commitments=ROWS)
    out = StringIO()
    call_command("import_ogp_commitments", str(path), stdout=out)
    assert f"commitments={ROWS} " in out.getvalue().splitlines()[-1]
    assert CommitmentPage.objects.count() == ROWS
    again = StringIO()
    call_command("import_ogp_commitments", str(path), stdout=again)
    assert "records created=0, updated=0," in again.getvalue()


def test_the_workbook_and_the_csv_are_the_same_export(tmp_path):
    workbook = write_export(tmp_path / "export.xlsx", commitments=60)
    text = write_export(tmp_path / "export.csv", commitments=60)
    call_command("import_ogp_commitments", str(workbook), stdout=StringIO())
    out = StringIO()
    call_command("import_ogp_commitments", str(text), stdout=out)
    assert "records created=0, updated=0," in out.getvalue()
    with text.open(encoding="utf-8-sig", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 61


def test_the_bench_child_reports_its_figures_as_json(tmp_path):
    path = write_export(tmp_path / "export.csv", commitments=30)
    out = StringIO()
    call_command("bench_import", "--child", str(path), stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["rows"] == 30
    assert figures["wall_seconds"] > 0 and figures["cpu_seconds"] > 0
    assert figures["changes"].startswith("records created=")
