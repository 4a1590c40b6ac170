"""The importer's queries do not grow with the rows: a first import and a re-run of 40 rows
make as many queries as of 20 (the rows are compared in memory and written in bulk).

Inserts are the one exception, by batch and not by row: SQLite takes at most 999 parameters
a query (Django's limit), so a bulk insert of pages writes 34 rows a query there, and 40 rows
take one more insert per table than 20 do (PostgreSQL writes them in one)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import CommitmentPage, IRMAssessment, StakeholderRole
from commitments.ogp.importer import import_ogp_commitments

pytestmark = pytest.mark.django_db

ID = "Commitment Unique Identifier"


def export(path: Path, sample_csv: Path, *, code: str, rows: int) -> Path:
    """``rows`` commitments of a new member ``code`` in one plan, made from UA0087's row, each
    with institutions of their own member (so that each file creates its organisations)."""
    with sample_csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames)
        model = next(row for row in reader if row[ID] == "UA0087")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        for n in range(1, rows + 1):
            writer.writerow(
                {
                    **model,
                    ID: f"{code}{n:04d}",
                    "Code": code,
                    "Country/Locality": f"Member {code}",
                    "Action Plan ID": f"AP_{code}01",
                    "Commitment Title": f"Commitment {n} of {code}",
                    "Lead Institution": f"Ministry of Finance of {code}; Treasury of {code}",
                    "Supporting Institution(s)": f"NGO Budget Watch {code}",
                }
            )
    return path


def queries(path: Path) -> tuple[int, int]:
    """(inserts, other queries) of an import of ``path``."""
    with CaptureQueriesContext(connection) as captured:
        import_ogp_commitments(path)
    inserts = sum(1 for query in captured.captured_queries if query["sql"].startswith("INSERT"))
    return inserts, len(captured.captured_queries) - inserts


def test_queries_do_not_grow_with_the_rows_on_a_first_import_or_a_rerun(tmp_path, sample_csv):
    # The policy areas, created by the first import of all, are not what is measured.
    import_ogp_commitments(export(tmp_path / "warm.csv", sample_csv, code="ZZW", rows=1))
    small = export(tmp_path / "small.csv", sample_csv, code="ZZA", rows=20)
    large = export(tmp_path / "large.csv", sample_csv, code="ZZB", rows=40)

    (inserts_small, others_small), (inserts_large, others_large) = queries(small), queries(large)
    assert CommitmentPage.objects.filter(ogp_id__startswith="ZZB").count() == 40
    assert StakeholderRole.objects.filter(commitment__ogp_id__startswith="ZZB").count() == 40 * 3
    assert IRMAssessment.objects.filter(commitment__ogp_id__startswith="ZZB").count() == 40 * 2
    assert others_small == others_large
    # 20 more rows, each with a page, three roles, two assessments and facts: at most one more
    # insert batch per table, never one per row.
    assert inserts_large - inserts_small <= 4

    rerun_small, rerun_large = queries(small), queries(large)
    assert rerun_small == rerun_large
    assert rerun_small[0] == 0  # a re-run that changes nothing writes nothing
