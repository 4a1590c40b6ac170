"""Rows from ``values()``: what long exports stream instead of model instances.

A model instance costs tens of microseconds to build (Django's and Wagtail's ``__init__``, the
init signals); a row from ``values()`` costs next to nothing. So a long export reads its main
queryset through one cursor, a chunk at a time (``values_chunks``), each chunk's related rows
in one query per relation, grouped by the row they belong to (``grouped``), and decides how to
write each column once, not once per cell (``csv_text``, ``csv_texts``).

Reusable by anything that streams many rows: the explorer's CSV and XLSX exports use it.
"""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tracker.formulas import formula_guard

# A text whose first character is none of these cannot be formula-like (``formula_like``
# strips apostrophes and whitespace, then looks for a formula's first character).
_MAYBE_FORMULA = frozenset("'=+-@")
# Cells of at most this many characters are remembered once guarded (codes, years, names).
_MEMO_MAX_LENGTH = 64


def values_chunks(queryset: QuerySet, fields: Sequence[str], *, chunk_size: int) -> Iterator[list[dict]]:
    """The queryset's rows as dicts of ``fields``, in its order, ``chunk_size`` at a time, read
    through one cursor (one query, whatever the number of rows)."""
    rows = queryset.prefetch_related(None).values(*fields).iterator(chunk_size=chunk_size)
    while chunk := list(itertools.islice(rows, chunk_size)):
        yield chunk


def ids_in(ids: list[int], *, using: str = "default") -> list[int] | RawSQL:
    """``ids`` as the right side of an ``__in`` filter, as one parameter that the database
    unpacks (a JSON array on SQLite, an ``integer[]`` on PostgreSQL), since Django and the
    driver prepare a list's values one by one (some 2 ms per thousand ids, per query);
    elsewhere the list itself."""
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps([int(pk) for pk in ids])])
    if vendor == "postgresql":
        return RawSQL("SELECT UNNEST(%s::integer[])", [[int(pk) for pk in ids]])
    return ids


def json_text(text: str | None) -> Any:
    """A JSON column read as text (``Cast(field, TextField())``): parsed unless empty."""
    if not text or text == "{}":
        return {}
    return json.loads(text)


def grouped(rows: Iterable[tuple], key: int = 0) -> dict[Any, list[tuple]]:
    """Rows (tuples) grouped by the value at index ``key``, each group in the rows' order."""
    groups: dict[Any, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def csv_text(value: Any) -> str:
    """A CSV cell's text: empty for None, dates in ISO form, formula-like text guarded."""
    if value is None:
        return ""
    if value.__class__ is str:
        first = value[:1]
        if first in _MAYBE_FORMULA or first.isspace():
            return formula_guard(value)
        return value
    if value.__class__ is int:  # never formula-like, a negative number included
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_guard(str(value))


def csv_texts(values: Iterable[Any], memo: dict[str, str]) -> list[str]:
    """``csv_text`` of many cells, short texts remembered in ``memo`` (one per export): a
    column of codes or published scores repeats the same few values thousands of times."""
    out = []
    append = out.append
    for value in values:
        if value.__class__ is str:
            text = memo.get(value)
            if text is None:
                text = csv_text(value)
                if len(value) <= _MEMO_MAX_LENGTH:
                    memo[value] = text
            append(text)
        else:
            append(csv_text(value))
    return out
