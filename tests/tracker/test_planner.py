"""After a bulk load the planner's statistics describe what was loaded (``tracker.planner``).

Planned from statistics taken while a table was empty, the explorer's counts over a few hundred
commitments ran as nested loops of sequential scans: seconds each instead of milliseconds. The
import and the demo refresh the statistics once they have written; the test fixtures that build a
module's data do the same (tests/conftest.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import connection

from commitments.models import CommitmentFacts, CommitmentPage
from tracker.planner import refresh_statistics

from ..conftest import SAMPLE

pytestmark = pytest.mark.django_db


def _planned_rows(model) -> float:
    """The row count the planner believes ``model``'s table holds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
@pytest.mark.parametrize("dry_run", [False, True])
def test_the_import_leaves_statistics_of_what_it_wrote(dry_run):
    refresh_statistics()  # as autovacuum would have, while the tables were empty
    assert _planned_rows(CommitmentFacts) == 0
    call_command(
        "import_ogp_commitments", str(SAMPLE), *(["--dry-run"] if dry_run else []), stdout=io.StringIO()
    )
    if dry_run:  # nothing written, nothing to describe
        assert not CommitmentPage.objects.exists()
        assert _planned_rows(CommitmentFacts) == 0
    else:
        assert CommitmentFacts.objects.count() > 50
        assert _planned_rows(CommitmentFacts) == CommitmentFacts.objects.count()
        assert _planned_rows(CommitmentPage) == CommitmentPage.objects.count()


def test_statistics_are_refreshed_on_postgresql_only():
    assert refresh_statistics() is (connection.vendor == "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_the_contracting_imports_leave_statistics_of_what_they_wrote():
    from commitments.contracting.models import ContractingRelease

    sample = Path(__file__).resolve().parent.parent / "data" / "contracting" / "ocds_sample.json"
    refresh_statistics()
    assert _planned_rows(ContractingRelease) == 0
    call_command("import_ocds", str(sample), stdout=io.StringIO())
    assert ContractingRelease.objects.count() > 1
    assert _planned_rows(ContractingRelease) == ContractingRelease.objects.count()
