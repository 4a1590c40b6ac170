"""The importer on files built for each case: identifiers in another case or twice, Windows
line endings, files that are not a UTF-8 comma-separated export, files cut short, workbooks,
the progress lines and the summary."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from pathlib import Path

import pytest

from django.core.management import CommandError

from commitments.models import ActionPlanPage, CommitmentPage, IRMAssessment
from commitments.ogp.importer import import_ogp_commitments
from commitments.ogp.management.commands.import_ogp_commitments import ProgressOutput
from commitments.ogp.reading import normalise_newlines, workbook_text
from tracker.models import Organisation

from .test_import import run, snapshot

pytestmark = pytest.mark.django_db

ID = "Commitment Unique Identifier"


def read_sample(sample_csv: Path) -> tuple[list[str], list[dict[str, str]]]:
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], *, lineterminator="\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator=lineterminator)
        writer.writeheader()
        writer.writerows(rows)
    return path


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def changes_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("records "))


# -- identifiers -------------------------------------------------------------------------------


def test_an_identifier_in_another_case_updates_the_commitment_and_never_adds_one(tmp_path, sample_csv):
    run(sample_csv)
    header, rows = read_sample(sample_csv)
    row = next(r for r in rows if r[ID] == "UA0087")
    row[ID] = "ua0087"
    row["Commitment Title"] = "Budget transparency, as retitled in a later export"
    output = run(write_csv(tmp_path / "lower.csv", header, rows))
    assert "created=0, updated=1," in changes_line(output)
    assert CommitmentPage.objects.count() == 60
    page = CommitmentPage.objects.get(ogp_id__iexact="ua0087")
    assert page.ogp_id == "UA0087"
    assert page.title == "Budget transparency, as retitled in a later export"


def _with_duplicate(tmp_path: Path, sample_csv: Path) -> tuple[Path, int, int]:
    """The sample with a copy of UA0087's row (in lower case, another title) at the end."""
    header, rows = read_sample(sample_csv)
    first = next(i for i, r in enumerate(rows) if r[ID] == "UA0087") + 2
    copy = dict(next(r for r in rows if r[ID] == "UA0087"), **{ID: "ua0087", "Commitment Title": "Second"})
    rows.append(copy)
    return write_csv(tmp_path / "twice.csv", header, rows), first, len(rows) + 1


def test_the_same_identifier_twice_refuses_the_file_and_names_both_rows(tmp_path, sample_csv):
    path, first, second = _with_duplicate(tmp_path, sample_csv)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert f"row {second}: the identifier 'ua0087' is also on row {first} (UA0087)" in message
    assert "nothing was imported" in message
    assert snapshot() == before


def test_skip_invalid_skips_the_later_duplicate_and_reports_it(tmp_path, sample_csv):
    path, first, second = _with_duplicate(tmp_path, sample_csv)
    output = run(path, "--skip-invalid")
    assert (
        f"warning: row {second} (ua0087): skipped: the identifier 'ua0087' is also on row {first}" in output
    )
    assert "rows skipped=1" in output
    assert CommitmentPage.objects.count() == 60
    assert CommitmentPage.objects.get(ogp_id="UA0087").title != "Second"
    assert "warnings by kind:" in last_line(output) and "skipped=1" in last_line(output)


# -- line endings ------------------------------------------------------------------------------


def test_a_file_saved_with_windows_line_endings_reimports_unchanged(tmp_path, sample_csv):
    run(sample_csv)
    text = sample_csv.read_text(encoding="utf-8-sig")
    assert "\n" in text.split("\n", 1)[1]  # line breaks inside cells, too
    crlf = tmp_path / "windows.csv"
    crlf.write_bytes(normalise_newlines(text).replace("\n", "\r\n").encode("utf-8-sig"))
    before = snapshot()
    output = run(crlf)
    assert "created=0, updated=0," in changes_line(output)
    assert snapshot() == before


def test_line_breaks_inside_cells_are_stored_as_newlines_whatever_the_file_used(tmp_path, sample_csv):
    header, rows = read_sample(sample_csv)
    row = next(r for r in rows if r[ID] == "UA0087")
    row["Full Text"] = "First paragraph.\r\nSecond paragraph.\rThird paragraph."
    run(write_csv(tmp_path / "mixed.csv", header, rows, lineterminator="\r\n"))
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    assert page.full_text == "First paragraph.\nSecond paragraph.\nThird paragraph."
    assert not CommitmentPage.objects.filter(full_text__contains="\r").exists()


# -- files that are not a UTF-8 comma-separated export -----------------------------------------


def _workbook_bytes(sample_csv: Path) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    header, _rows = read_sample(sample_csv)
    workbook.active.append(header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cut_inside_a_quoted_cell(sample_csv: Path) -> tuple[bytes, int]:
    """The sample cut a few characters into a quoted cell half-way through the file, and the
    number of the row that cell is in."""
    text = sample_csv.read_text(encoding="utf-8-sig")
    opening = text.index(',"', len(text) // 2)
    number = sum(1 for _ in csv.reader(io.StringIO(text[: opening + 1], newline="")))
    return text[: opening + 6].encode("utf-8"), number


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("semicolons", "looks semicolon-separated: save it as comma-separated CSV"),
        ("workbook", "is an Excel workbook, not a CSV file: import the .xlsx file directly"),
        ("xls", "is an old Excel workbook (.xls)"),
        ("utf16", "is UTF-16 text"),
        ("utf16-no-bom", "is UTF-16 text"),
        ("not-a-workbook", "is named like an Excel workbook but is not one"),
    ],
)
def test_files_that_are_not_the_csv_export_say_what_they_are_and_write_nothing(
    tmp_path, sample_csv, case, message
):
    text = sample_csv.read_text(encoding="utf-8-sig")
    header, rows = read_sample(sample_csv)
    name = "export.csv"
    if case == "semicolons":
        lines = [";".join(header), *(";".join(r[c].replace("\n", " ") for c in header) for r in rows[:3])]
        content = "\n".join(lines).encode("utf-8")
    elif case == "workbook":
        content = _workbook_bytes(sample_csv)
    elif case == "xls":
        content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    elif case == "utf16":
        content = text.encode("utf-16")
    elif case == "utf16-no-bom":
        content = text.encode("utf-16-le")
    else:
        content, name = text.encode("utf-8"), "export.xlsx"
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert snapshot() == before


def test_a_file_cut_inside_a_quoted_cell_names_the_row_and_writes_nothing(tmp_path, sample_csv):
    content, number = _cut_inside_a_quoted_cell(sample_csv)
    path = tmp_path / "cut.csv"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(path)
    assert f"row {number}: the file ends inside this row" in str(error.value)
    assert "cut short" in str(error.value)
    assert snapshot() == before


def test_a_file_cut_between_cells_names_the_row_and_skip_invalid_imports_the_rest(tmp_path, sample_csv):
    header, rows = read_sample(sample_csv)
    path = write_csv(tmp_path / "short.csv", header, rows)
    text = path.read_text(encoding="utf-8")
    last_id = rows[-1][ID]
    start = text.index(f"\n{last_id},") + 1
    path.write_text(text[: start + len(last_id) + 40], encoding="utf-8")
    with pytest.raises(CommandError, match=r"row 61: the file ends inside this row \(\d+ of the header's"):
        run(path)
    assert not CommitmentPage.objects.exists()
    output = run(path, "--skip-invalid")
    assert "warning: row 61 (" in output and "skipped: the file ends inside this row" in output
    assert CommitmentPage.objects.count() == 59
    assert not CommitmentPage.objects.filter(ogp_id=last_id).exists()


# -- workbooks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (2014, "2014"),
        (2014.0, "2014"),
        (3.25, "3.25"),
        (True, "1"),
        (datetime.datetime(2017, 8, 1), "2017-08-01"),
        (datetime.datetime(1905, 7, 6), "1905-07-06"),
        (datetime.date(2020, 1, 31), "2020-01-31"),
        ("Line one\r\nline two", "Line one\nline two"),
    ],
)
def test_workbook_cells_become_the_text_the_csv_export_has(value, text):
    assert workbook_text(value) == text


def test_an_xlsx_export_imports_directly_with_typed_cells(tmp_path, sample_csv):
    from openpyxl import Workbook

    header, rows = read_sample(sample_csv)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Commitment Data")
    sheet.append(header)
    typed = {"Year Of Submission": int, "Action Plan End Year": float, "Action Plan Number": float}
    for row in rows:
        cells = {c: (typed[c](row[c]) if c in typed and row[c].isdigit() else row[c]) for c in header}
        if row[ID] == "UA0087":
            cells["Start Date"] = datetime.datetime(2021, 2, 3)
            cells["Full Text"] = row["Full Text"].replace("\n", "\r\n")
        sheet.append([cells[c] for c in header])
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    output = run(path)
    assert last_line(output).startswith("imported: members=28 action_plans=41 commitments=60 ")
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    assert (plan.number, plan.start_year, plan.end_year) == (2, 2014, 2016)
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    assert page.start_date == datetime.date(2021, 2, 3)
    assert "\r" not in page.full_text
    # The same workbook again changes nothing.
    assert "created=0, updated=0," in changes_line(run(path))


# -- progress and the summary ------------------------------------------------------------------


def test_progress_is_plain_lines_at_every_tenth_when_output_is_not_a_terminal(sample_csv):
    output = run(sample_csv)
    lines = output.splitlines()
    tenths = [line for line in lines if line.startswith("rows: ")]
    assert [line.split("%")[0] for line in tenths] == [f"rows: {n}" for n in range(10, 101, 10)]
    assert tenths[0].startswith("rows: 10% (6 of 60, ")
    assert tenths[-1].startswith("rows: 100% (60 of 60, ") and "about 0 s left" in tenths[-1]
    assert all("rows/s" in line for line in tenths)
    assert "\r" not in output
    assert any(line.startswith("writing what 60 rows change") for line in lines)
    assert lines.index(tenths[-1]) < lines.index(next(x for x in lines if x.startswith("indexing")))


def test_progress_on_a_terminal_is_one_bar_redrawn_in_place():
    class Terminal(io.StringIO):
        def write(self, text, ending="\n"):
            super().write(text + ending)

    stream = Terminal()
    ticks = iter([0.0, 1.0, 2.0, 3.0])
    progress = ProgressOutput(stream, terminal=True, clock=lambda: next(ticks))
    progress("rows", 50, 100)
    progress("rows", 100, 100)
    progress("writing", 100, 100)
    text = stream.getvalue()
    assert text.startswith("\r[" + "#" * 15 + "-" * 15 + "] 50/100 rows  50 rows/s  1 s left\r[")
    assert "] 100/100 rows  50 rows/s  0 s left\n" in text
    assert text.endswith("writing what 100 rows change (3.0 s so far)\n")


def test_the_final_line_counts_organisations_by_sector_and_warnings_by_kind(sample_csv):
    output = run(sample_csv)
    line = last_line(output)
    sectors = Counter(Organisation.objects.values_list("sector", flat=True))
    by_sector = line.split("organisations by sector: ")[1].split(";")[0]
    assert dict(pair.split("=") for pair in by_sector.split()) == {
        sector: str(sectors[sector]) for sector in dict(pair.split("=") for pair in by_sector.split())
    }
    assert sum(int(pair.split("=")[1]) for pair in by_sector.split()) == Organisation.objects.count()
    report = import_ogp_commitments(sample_csv, dry_run=True)
    kinds = Counter(warning.kind for warning in report.warnings)
    assert line.endswith("warnings by kind: " + " ".join(f"{k}={kinds[k]}" for k in sorted(kinds)))
    new = changes_line(output).split("new organisations=")[1]
    assert new.startswith(f"{Organisation.objects.count()} (government={sectors['government']} ")


# -- what the bulk writes leave behind ---------------------------------------------------------


def test_pages_written_in_bulk_leave_a_sound_tree_that_renders(client, sample_csv):
    from devdata.synthetic import tree_problems

    run(sample_csv)
    assert tree_problems() == []
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.short_title in response.content.decode()
    assert CommitmentPage.objects.live().search("Budget for Citizens")


def test_references_written_in_bulk_are_those_wagtail_would_write(sample_csv):
    from wagtail.models import ReferenceIndex

    from commitments.models import MemberPage, PolicyArea

    def references() -> set[tuple]:
        fields = [
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
        ]
        return set(ReferenceIndex.objects.values_list(*fields, "model_path", "content_path"))

    before = references()
    kept = list(ReferenceIndex.objects.values_list("pk", flat=True))
    run(sample_csv)
    written = references() - before
    ReferenceIndex.objects.exclude(pk__in=kept).delete()
    for model in (MemberPage, ActionPlanPage, CommitmentPage, IRMAssessment, Organisation, PolicyArea):
        for instance in model.objects.all():
            ReferenceIndex.create_or_update_for_object(instance)
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    assert any(r[2] == str(page.pk) and r[5].startswith("stakeholder_roles.") for r in written)
    assert written == references() - before


def test_a_new_row_in_a_known_plan_becomes_its_last_child(tmp_path, sample_csv):
    from devdata.synthetic import tree_problems

    run(sample_csv)
    header, rows = read_sample(sample_csv)
    model = next(r for r in rows if r[ID] == "UA0087")
    rows.append(dict(model, **{ID: "UA0999", "Commitment Title": "A commitment added later"}))
    output = run(write_csv(tmp_path / "more.csv", header, rows))
    added = CommitmentPage.objects.get(ogp_id="UA0999")
    assessments = IRMAssessment.objects.filter(commitment=added).count()
    assert assessments
    assert f"created={1 + assessments}, updated=0," in changes_line(output)
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR05")
    assert added.get_parent().pk == plan.pk
    assert list(plan.get_children().values_list("pk", flat=True))[-1] == added.pk
    assert (added.slug, added.url_path) == ("ua0999", f"{plan.url_path}ua0999/")
    assert tree_problems() == []


def test_a_row_the_record_refuses_names_the_field_and_leaves_nothing_behind(tmp_path, sample_csv):
    header, rows = read_sample(sample_csv)
    row = next(r for r in rows if r[ID] == "UA0087")
    number = rows.index(row) + 2
    row["URL"] = "https://www.opengovpartnership.org/" + "x" * 600
    row["Lead Institution"] = "Ministry Named Only On The Refused Row"
    path = write_csv(tmp_path / "long-url.csv", header, rows)
    with pytest.raises(CommandError, match=rf"row {number}: ogp_url: .*nothing was imported"):
        run(path)
    assert not CommitmentPage.objects.exists()
    output = run(path, "--skip-invalid")
    assert f"warning: row {number} (UA0087): skipped: ogp_url: " in output
    assert CommitmentPage.objects.count() == 59
    assert not Organisation.objects.filter(name="Ministry Named Only On The Refused Row").exists()
    assert "Ministry Named Only On The Refused Row".casefold() not in output.casefold()


def test_a_file_whose_every_row_is_refused_is_an_error_even_when_skipping(tmp_path, sample_csv):
    header, rows = read_sample(sample_csv)
    for row in rows:
        row["URL"] = "https://www.opengovpartnership.org/" + "x" * 600
    path = write_csv(tmp_path / "all-refused.csv", header, rows)
    before = snapshot()
    with pytest.raises(CommandError, match="no row of the file could be imported; nothing was imported"):
        run(path, "--skip-invalid")
    assert snapshot() == before
