"""How the record's dates are written: month names in English and Spanish, and how precise a
date as OGP wrote it is ("July 2012" is a month, not the 1st of July). Pure, no database.

The importer's date reading (``commitments.ogp.dates``) builds on the same vocabulary.
"""

from __future__ import annotations

import datetime
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

# Excel counts days from 1899-12-30 (with its 1900 leap-year bug, for every date after
# February 1900). A year typed into a date cell (2014) becomes day 2014: 1905-07-06. The years
# of OGP's commitments, 1990 to 2100, are all days of 1905, so no real OGP date is in 1905.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
PLAUSIBLE_YEARS = range(1990, 2101)
_TYPED_YEAR = re.compile(r"(?<!\d)1905(?!\d)")


def excel_serial_date(serial: int) -> datetime.date | None:
    """The date of an Excel serial number (43525 is 2019-03-01), if it falls in a plausible year."""
    first = (datetime.date(PLAUSIBLE_YEARS.start, 1, 1) - EXCEL_EPOCH).days
    last = (datetime.date(PLAUSIBLE_YEARS.stop - 1, 12, 31) - EXCEL_EPOCH).days
    if first <= serial <= last:
        return EXCEL_EPOCH + datetime.timedelta(days=serial)
    return None


def year_typed_as_date(value: datetime.date) -> int | None:
    """The year someone typed, when Excel turned it into a date: 1905-07-06 was 2014."""
    serial = (value - EXCEL_EPOCH).days
    return serial if serial in PLAUSIBLE_YEARS else None


def date_precision(text: str) -> str:
    """How precise a date as OGP wrote it is: "day", "month" or "year" ("day" when unknown)."""
    value = " ".join(text.strip().split()).lower()
    if YEAR_ONLY.match(value) or _TYPED_YEAR.search(value):
        return "year"
    if (match := MONTH_YEAR.match(value)) and match[1] in MONTHS:
        return "month"
    return "day"
