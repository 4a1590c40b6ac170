"""Wagtail's database search on PostgreSQL reads an index (tracker migration 0006).

A search on every field matches ``(title || body) @@ query``; Wagtail indexes the two columns
one by one, which that expression cannot use, so every explorer search read the whole index
table (26 ms of a 72 ms search at 20,000 commitments; 5 ms with the index). The index must
stay the expression Wagtail searches: if Wagtail ever searched another, this fails.
"""

from __future__ import annotations

import pytest

from django.db import connection

from commitments.explorer.filters import search_queryset

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite searches its own FTS table"),
]

INDEX = "tracker_search_title_body_gin"
SEARCHED = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'


def test_the_explorers_search_matches_the_expression_the_index_holds(imported):
    matches = search_queryset("procurement budget")
    assert matches.exists()
    sql, _params = matches.query.sql_with_params()
    assert SEARCHED in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        assert "gin (((title || body)))" in cursor.fetchone()[0]
        # Usable by that expression (the sample is too small for the planner to prefer it
        # unprompted: sequential scans are made as dear as they go).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ plainto_tsquery(%s)",
            ["procurement"],
        )
        assert INDEX in "\n".join(row[0] for row in cursor.fetchall())
