"""Reading the dates of OGP's export: ``9/1/2018``, ``7/1/18``, ``July 2014``, ``2014``, ``NA``…

A date that cannot be read is not an error: the caller keeps the text and reports it.
"""

from __future__ import annotations

import calendar
import datetime
import re

from ..dates import MONTH_YEAR, MONTHS, YEAR_ONLY

NO_DATE = frozenset({"", "na", "n/a", "nd", "nr", "-", "none", "tbd", "tbc"})

_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_MONTH_DAY_YEAR = re.compile(r"^([a-záéíóú]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+(?:de\s+)?([a-záéíóú]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _edge(year: int, month: int | None, *, end: bool) -> datetime.date:
    """First day of a month or year, or with ``end`` the last one."""
    if month is None:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, last if end else 1)


def parse_ogp_date(text: str, *, end: bool = False) -> tuple[datetime.date | None, bool]:
    """Read one of the export's date forms.

    Returns ``(date, ok)``: ``ok`` is False only when there was text that is not a date (so
    the caller keeps it and warns); "NA" and empty give ``(None, True)``. A month or a year
    alone gives its first day, or its last day when ``end`` is true, so that a commitment
    "due December 2012" is late only from 2013 on. Numeric dates are month first, as OGP
    writes them, unless the first number cannot be a month.
    """
    value = " ".join(text.strip().split())
    lowered = value.lower()
    if lowered in NO_DATE:
        return None, True
    try:
        if match := _NUMERIC.match(value):
            first, second, year = int(match[1]), int(match[2]), _year(match[3])
            month, day = (first, second) if first <= 12 else (second, first)
            return datetime.date(year, month, day), True
        if match := _ISO.match(value):
            return datetime.date(int(match[1]), int(match[2]), int(match[3])), True
        if (match := MONTH_YEAR.match(lowered)) and match[1] in MONTHS:
            return _edge(int(match[2]), MONTHS[match[1]], end=end), True
        if (match := _MONTH_DAY_YEAR.match(lowered)) and match[1] in MONTHS:
            return datetime.date(int(match[3]), MONTHS[match[1]], int(match[2])), True
        if (match := _DAY_MONTH_YEAR.match(lowered)) and match[2] in MONTHS:
            return datetime.date(int(match[3]), MONTHS[match[2]], int(match[1])), True
        if match := YEAR_ONLY.match(value):
            return _edge(int(match[1]), None, end=end), True
    except ValueError:  # 2/30/2019 and the like
        return None, False
    return None, False
