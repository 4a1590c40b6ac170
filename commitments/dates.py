"""How the record's dates are written: month names in English and Spanish, and how precise a
date as OGP wrote it is ("July 2012" is a month, not the 1st of July). Pure, no database.

The importer's date reading (``commitments.ogp.dates``) builds on the same vocabulary.
"""

from __future__ import annotations

import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            (),
            ("january", "jan", "enero", "ene"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril", "abr"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto", "ago"),
            ("september", "sep", "sept", "septiembre", "setiembre", "set"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre", "dic"),
        ]
    )
    for name in names
}

MONTH_YEAR = re.compile(r"^([a-záéíóú]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$")
YEAR_ONLY = re.compile(r"^(\d{4})$")


def date_precision(text: str) -> str:
    """How precise a date as OGP wrote it is: "day", "month" or "year" ("day" when unknown)."""
    value = " ".join(text.strip().split()).lower()
    if YEAR_ONLY.match(value):
        return "year"
    if (match := MONTH_YEAR.match(value)) and match[1] in MONTHS:
        return "month"
    return "day"
