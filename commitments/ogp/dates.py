"""Reading the dates of OGP's export: ``9/1/2018``, ``7/1/18``, ``July 2014``, ``2014``, ``NA``,
Excel's serial numbers (``43525``) and years Excel took for dates (``1905-07-06`` was 2014).

A date that cannot be read is not an error: the caller keeps the text and reports it. A date
read by a guess (a serial, a typed year, an order of day and month the cell does not show)
comes with a note saying how it was read, for the caller to report.

Whether ``1/7/2014`` is 1 July or 7 January is decided per action plan (``DateOrders``): by
the plan's cells that can only be read one way (``13/7/2014``, ``7/13/2014``); month first,
as OGP writes dates, when the plan has none.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..dates import MONTH_YEAR, MONTHS, YEAR_ONLY, excel_serial_date, year_typed_as_date
from ..irm import NO_VALUE_CODES

NO_DATE = frozenset({"", "na", "n/a", "nd", "nr", "-", "none", "tbd", "tbc"})

_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_MONTH_DAY_YEAR = re.compile(r"^([a-záéíóú]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+(?:de\s+)?([a-záéíóú]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$")

DAY_FIRST = "day first"
MONTH_FIRST = "month first"


@dataclass(frozen=True)
class DateReading:
    date: datetime.date | None
    ok: bool  # False: there was text that is not a date (the caller keeps it and warns)
    note: str = ""  # how a guess was made ("" when the cell says it plainly)


@dataclass(frozen=True)
class PlanOrder:
    """How one action plan writes numeric dates, and what says so."""

    order: str = MONTH_FIRST
    evidence: str = ""  # "" (nothing in the plan says), DAY_FIRST, MONTH_FIRST or "disagree"


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


def numeric_order(text: str) -> str | None:
    """DAY_FIRST or MONTH_FIRST when a numeric date can only be read one way (13/7/2014,
    7/13/2014), "ambiguous" when it can be read both ways (1/7/2014), None otherwise."""
    match = _NUMERIC.match(" ".join(text.split()))
    if not match:
        return None
    first, second = int(match[1]), int(match[2])
    if first > 12 >= second:
        return DAY_FIRST
    if second > 12 >= first:
        return MONTH_FIRST
    if first <= 12 and second <= 12 and first != second:
        return "ambiguous"
    return None


def _order_note(date: datetime.date, plan: PlanOrder) -> str:
    reading = f"{date.day} {calendar.month_name[date.month]} {date.year}"
    if plan.evidence == "disagree":
        return f"read {plan.order}, as {reading}, as most of its plan's dates are written (they disagree)"
    if plan.evidence:
        return f"read {plan.order}, as {reading}, as its plan writes dates" if plan.order == DAY_FIRST else ""
    return f"read month first, as {reading}, as OGP writes dates (nothing in its plan shows the order)"


def _typed_year(date: datetime.date, *, end: bool) -> DateReading:
    if (year := year_typed_as_date(date)) is not None:
        return DateReading(
            _edge(year, None, end=end), True, f"a year typed into Excel ({date.isoformat()}), read as {year}"
        )
    return DateReading(date, True)


def read_ogp_date(text: str, *, end: bool = False, plan: PlanOrder | None = None) -> DateReading:
    """Read one of the export's date forms.

    "NA" and empty give no date and ``ok``. A month or a year alone gives its first day, or
    its last day when ``end`` is true, so that a commitment "due December 2012" is late only
    from 2013 on (a year Excel turned into a 1905 date too). Numeric dates that can be read
    both ways follow the plan's order (``plan``), month first when it says nothing.
    """
    value = " ".join(text.strip().split())
    lowered = value.lower()
    if lowered in NO_DATE:
        return DateReading(None, True)
    plan = plan or PlanOrder()
    try:
        if match := _NUMERIC.match(value):
            first, second, year = int(match[1]), int(match[2]), _year(match[3])
            order = numeric_order(value)
            day_first = order == DAY_FIRST or (order == "ambiguous" and plan.order == DAY_FIRST)
            month, day = (second, first) if day_first else (first, second)
            date = datetime.date(year, month, day)
            if date.year == 1905:
                return _typed_year(date, end=end)
            return DateReading(date, True, _order_note(date, plan) if order == "ambiguous" else "")
        if match := _ISO.match(value):
            return _typed_year(datetime.date(int(match[1]), int(match[2]), int(match[3])), end=end)
        if (match := _SERIAL.match(value)) and (date := excel_serial_date(int(match[1]))):
            return DateReading(date, True, f"an Excel serial number, read as {date.isoformat()}")
        if (match := MONTH_YEAR.match(lowered)) and match[1] in MONTHS:
            return DateReading(_edge(int(match[2]), MONTHS[match[1]], end=end), True)
        if (match := _MONTH_DAY_YEAR.match(lowered)) and match[1] in MONTHS:
            return DateReading(datetime.date(int(match[3]), MONTHS[match[1]], int(match[2])), True)
        if (match := _DAY_MONTH_YEAR.match(lowered)) and match[2] in MONTHS:
            return DateReading(datetime.date(int(match[3]), MONTHS[match[2]], int(match[1])), True)
        if match := YEAR_ONLY.match(value):
            return DateReading(_edge(int(match[1]), None, end=end), True)
    except ValueError:  # 2/30/2019 and the like
        return DateReading(None, False)
    return DateReading(None, False)


def parse_ogp_date(
    text: str, *, end: bool = False, plan: PlanOrder | None = None
) -> tuple[datetime.date | None, bool]:
    """``read_ogp_date`` as ``(date, ok)``, without the note."""
    reading = read_ogp_date(text, end=end, plan=plan)
    return reading.date, reading.ok


@dataclass(frozen=True)
class Cell:
    row: int
    ogp_id: str
    column: str
    text: str

    def __str__(self) -> str:
        return f"row {self.row} {self.column} {self.text!r}"


@dataclass
class DateOrders:
    """Each action plan's order of day and month, from its cells that can be read one way only.

    Feed it every date cell with ``add``; ``order(plan)`` then gives the plan's ``PlanOrder``
    (the majority of its one-way cells; a tie, or none, is month first, as OGP writes dates)
    and ``disagreements()`` the plans whose one-way cells go both ways.
    """

    _shown: dict[str, dict[str, list[Cell]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add(self, plan_id: str, cell: Cell) -> None:
        if (order := numeric_order(cell.text)) in (DAY_FIRST, MONTH_FIRST):
            self._shown[plan_id][order].append(cell)

    def order(self, plan_id: str) -> PlanOrder:
        shown = self._shown.get(plan_id)
        if not shown:
            return PlanOrder()
        days, months = len(shown.get(DAY_FIRST, [])), len(shown.get(MONTH_FIRST, []))
        order = DAY_FIRST if days > months else MONTH_FIRST
        evidence = "disagree" if days and months else order
        return PlanOrder(order, evidence)

    def disagreements(self) -> Iterable[tuple[str, Cell, str]]:
        """(plan, first cell against the plan's order, message) for each plan written both ways."""
        for plan_id, shown in self._shown.items():
            days, months = shown.get(DAY_FIRST, []), shown.get(MONTH_FIRST, [])
            if not (days and months):
                continue
            order = self.order(plan_id).order
            against = months if order == DAY_FIRST else days
            yield (
                plan_id,
                against[0],
                f"the dates of plan {plan_id} disagree: {_cells(days)} written day first, "
                f"{_cells(months)} month first; its dates that can be read both ways are read {order}",
            )


def _cells(cells: list[Cell], shown: int = 3) -> str:
    listed = ", ".join(str(cell) for cell in cells[:shown])
    more = f" and {len(cells) - shown} more" if len(cells) > shown else ""
    return f"{len(cells)} ({listed}{more})"


DATE_COLUMNS = (("Start Date", "start_date", False), ("End Date", "end_date", True))


def commitment_dates(row: dict[str, str], plan: PlanOrder) -> tuple[dict[str, object], list[str]]:
    """A row's start and end dates (with their text as published), and what to report: each
    cell that is not a date, and each guess, naming the column, the cell and the reading."""
    values: dict[str, object] = {}
    notes = []
    for column, key, end in DATE_COLUMNS:
        text = row[column].strip()
        reading = read_ogp_date(text, end=end, plan=plan)
        values[key] = reading.date
        values[f"{key}_text"] = "" if text.upper() in NO_VALUE_CODES else text[:100]
        if not reading.ok:
            notes.append(f"{column} {text!r} is not a date we can read; kept as text")
        elif reading.note:
            notes.append(f"{column} {text!r}: {reading.note}")
    return values, notes
