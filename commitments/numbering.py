"""Commitment numbers as action plans publish them (``12``, ``3.2.5``, ``B.1.A``, ``D4``), and
their natural order: 2 before 10, 3.2.5 before 3.10. Pure, no database.

Numbers are text, so the database would sort "10" before "2": a plan's commitments are
sorted here, in memory (a plan has tens of commitments, not thousands).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_PART = re.compile(r"\d+|[^\W\d_]+")
# Excel stores 5.1 as a binary float, and a CSV written from it may say 5.0999999999999996:
# a dozen decimals or more are the float's, not the plan's.
_FLOAT_ARTEFACT = re.compile(r"^\d+\.\d{12,}$")
MAX_NUMBER = 32


def commitment_number(text: str) -> str:
    """The number as the plan publishes it, from an export's cell: stripped, and a float
    artefact such as ``5.0999999999999996`` read back as ``5.1``; everything else as is."""
    value = " ".join((text or "").split())
    if _FLOAT_ARTEFACT.match(value):
        value = f"{float(value):.10g}"
    return value[:MAX_NUMBER]


def number_key(number: str) -> tuple:
    """Sort key in natural order: digits compare as numbers, letters without case, and the
    separators (dots, dashes, spaces) only separate. An empty number sorts last."""
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in _PART.findall(number)
    )
    return (not parts, parts)


def in_plan_order(rows: Iterable[Any]) -> list[Any]:
    """Commitment rows (anything with ``.page``) in their plan's order: by number, then by
    OGP identifier."""
    return sorted(rows, key=lambda row: (number_key(row.page.number or ""), row.page.ogp_id))
