"""The query planner's statistics, refreshed after a bulk load.

PostgreSQL plans each query from per-table statistics (row counts, value distributions) that
autovacuum refreshes a while after a table changes. Right after a bulk load they can describe the
table as it was: empty, or a tenth of its size. Planned on "this table is empty", a join of a few
thousand rows becomes nested loops of sequential scans, and a query of milliseconds takes seconds
(the explorer's counts did, over a hundred times slower, in a test database whose tables
autovacuum had analysed between two tests, while they were empty). PostgreSQL's manual says to run
``ANALYZE`` after populating a database; ``refresh_statistics`` does, and nothing elsewhere:
SQLite plans without statistics unless asked to keep them, and we do not ask.

Inside a transaction, ``ANALYZE`` counts the rows this transaction wrote, committed or not: a
test fixture that builds its data in an outer transaction gets statistics for that data.
"""

from __future__ import annotations

from django.db import connections


def refresh_statistics(using: str = "default") -> bool:
    """``ANALYZE`` the whole database on PostgreSQL; True if it ran."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
