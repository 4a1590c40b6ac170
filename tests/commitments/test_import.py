"""The OGP importer: mappings, re-runs, dry runs and files that are not the export."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    MemberPage,
    StakeholderRole,
)
from commitments.ogp.importer import country_for_member, split_institutions
from tracker.models import Organisation

pytestmark = pytest.mark.django_db

SUMMARY = "imported: members=28 action_plans=41 commitments=60 organisations={orgs} warnings={warnings}"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_ogp_commitments", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def snapshot() -> str:
    """Every row of every table the import writes to, as JSON (timestamps included)."""
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"commitments", "tracker", "wagtailcore", "taggit"}
        and not m._meta.proxy
        and m._meta.model_name not in {"referenceindex"}
    ]
    return "\n".join(serializers.serialize("json", m._default_manager.order_by("pk")) for m in models)


def test_the_sample_imports_with_the_expected_counts(sample_csv):
    output = run(sample_csv)
    last_line = output.strip().splitlines()[-1]
    assert last_line.startswith("imported: members=28 action_plans=41 commitments=60 organisations=")
    assert MemberPage.objects.count() == 28
    assert ActionPlanPage.objects.count() == 41
    assert CommitmentPage.objects.count() == 60
    organisations = Organisation.objects.count()
    assert f"organisations={organisations} " in last_line
    assert StakeholderRole.objects.count() >= organisations


def test_a_second_run_prints_the_same_counts_and_changes_nothing(sample_csv):
    first = run(sample_csv).strip().splitlines()[-1]
    before = snapshot()
    second_output = run(sample_csv)
    assert second_output.strip().splitlines()[-1] == first
    assert "created=0, updated=0" in second_output
    assert snapshot() == before


def test_dry_run_writes_nothing(sample_csv):
    before = snapshot()
    output = run(sample_csv, "--dry-run")
    assert output.strip().splitlines()[-1].startswith("imported: members=28 action_plans=41 commitments=60")
    assert "dry run" in output
    assert snapshot() == before
    assert not CommitmentPage.objects.exists()


def test_an_unreadable_date_is_kept_as_text_and_reported(sample_copy: Path):
    text = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(text.replace(",8/1/2017,", ",Second half of 2017,", 1), encoding="utf-8")
    output = run(sample_copy)
    assert "'Second half of 2017' is not a date we can read; kept as text" in output
    assert output.strip().splitlines()[-1].startswith("imported: members=28 action_plans=41 commitments=60")
    kept = CommitmentPage.objects.get(start_date_text="Second half of 2017")
    assert kept.start_date is None
    assert "warnings=0" not in output.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NA", []),
        ("Ministry of Justice.", [("Ministry of Justice", "government")]),
        (
            "Ministry of Justice; Judicial Academy",
            [("Ministry of Justice", "government"), ("Judicial Academy", "unknown")],  # the name does not say
        ),
        ("CSOs: Involve", [("Involve", "civil_society")]),
        # "Government" heads the list: a heading, not an organisation.
        ("• Government\n- Presidency of the Cabinet", [("Presidency of the Cabinet", "government")]),
        ('NGO "Centre for Policy Studies"', [('NGO "Centre for Policy Studies"', "civil_society")]),
        ("Private sector: Chamber of Commerce", [("Chamber of Commerce", "business")]),
    ],
)
def test_split_institutions(text, expected):
    assert split_institutions(text)[0] == expected


def test_prose_is_not_taken_for_an_organisation():
    prose = "Working group for drafting the Act which will include " + "representatives of many bodies " * 6
    names, refused = split_institutions(prose)
    assert names == []
    assert refused == [(prose.strip(), "too long for one name")]


@pytest.mark.parametrize(
    ("code", "country"), [("UKR", "UA"), ("ARBA", "AR"), ("GBSC", "GB"), ("KOR", "KR"), ("ZZZ", "")]
)
def test_country_for_member(code, country):
    assert country_for_member(code) == country


# -- files that are not the export ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"name,email\nAda,ada@example.org\n", "not OGP's commitment export: missing column(s)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not UTF-8"),
        (b"Commitment Unique Identifier;Code;Region;Other;More\n", "looks semicolon-separated"),
    ],
)
def test_bad_files_get_one_line_errors_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert snapshot() == before


def test_header_only_is_an_error(tmp_path, sample_csv):
    header = sample_csv.read_text(encoding="utf-8").split("\n", 1)[0]
    path = tmp_path / "header.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="header but no commitments"):
        run(path)


def test_latin1_late_in_the_file_rolls_back_everything(tmp_path, sample_csv):
    """A file that turns out not to be UTF-8 half-way through leaves nothing behind."""
    text = sample_csv.read_text(encoding="utf-8")
    path = tmp_path / "latin1.csv"
    cut = len(text) * 3 // 4
    path.write_bytes(text[:cut].encode("utf-8") + text[cut:].encode("latin-1", errors="replace"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)
    assert not CommitmentPage.objects.exists()
    assert not Organisation.objects.exists()


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")


def test_command_line_exit_status_and_single_error_line(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_ogp_commitments", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={"DJANGO_SETTINGS_MODULE": "tracker.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "missing column(s)" in lines[0]


def _without_identifier(sample_copy: Path, ogp_id: str) -> None:
    text = sample_copy.read_text(encoding="utf-8")
    assert text.count(f"\n{ogp_id},") == 1
    sample_copy.write_text(text.replace(f"\n{ogp_id},", "\n,", 1), encoding="utf-8")


def test_a_row_without_identifier_refuses_the_file_and_says_which_row(sample_copy):
    _without_identifier(sample_copy, "UK0098")
    with pytest.raises(CommandError) as error:
        run(sample_copy)
    message = str(error.value)
    assert "row 30: no 'Commitment Unique Identifier'; nothing was imported" in message
    assert "--skip-invalid" in message
    assert not CommitmentPage.objects.exists()


def test_skip_invalid_imports_the_other_rows_and_reports_the_skipped_one(sample_copy):
    _without_identifier(sample_copy, "UK0098")
    output = run(sample_copy, "--skip-invalid")
    assert "warning: row 30 (?): skipped: no 'Commitment Unique Identifier'" in output
    assert "rows skipped=1" in output
    assert output.strip().splitlines()[-1].startswith("imported: members=28 action_plans=40 commitments=59")
    assert CommitmentPage.objects.count() == 59
    assert not CommitmentPage.objects.filter(ogp_id="UK0098").exists()
    # The skipped row left nothing behind: its plan has only its other commitments.
    assert ActionPlanPage.objects.filter(plan_id="AP_GBR05").exists() is False
