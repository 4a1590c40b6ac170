"""A case's deadlines in working days: pure functions, no database, no settings.

A working day is Monday to Friday and not a public holiday: each function takes ``holidays``
(a set of dates; the callers pass ``holidays_from(settings.CASE_HOLIDAYS)``).

A deadline of N working days runs to the end of the Nth working day after
the day the case was filed, that day being read in the case's time zone (the site's, or a
member's): a case filed on Friday evening in Buenos Aires is filed on Friday there, though it
is already Saturday in UTC. Deadlines are stored as aware datetimes (the first instant after
the last working day, in that zone), so that "overdue" is one comparison with now.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

SATURDAY = 5  # date.weekday(): Monday is 0
NO_HOLIDAYS: frozenset[datetime.date] = frozenset()


def holidays_from(values: Iterable[str | datetime.date]) -> frozenset[datetime.date]:
    """Public holidays from a setting: dates, or ISO strings ("2026-12-25"). A value that is
    not a date raises ValueError (the settings check reports it)."""
    return frozenset(
        value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value).strip())
        for value in values
        if str(value).strip()
    )


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def working_days_after(
    day: datetime.date, count: int, holidays: frozenset[datetime.date] = NO_HOLIDAYS
) -> datetime.date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts)."""
    if count < 0:
        raise ValueError("count must be zero or more")
    current = day
    remaining = count
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def local_day(moment: datetime.datetime, zone: str | datetime.tzinfo) -> datetime.date:
    """The calendar day ``moment`` falls on in ``zone``."""
    return moment.astimezone(_zone(zone)).date()


def deadline(
    filed_at: datetime.datetime,
    working_days: int,
    zone: str | datetime.tzinfo,
    holidays: frozenset[datetime.date] = NO_HOLIDAYS,
) -> datetime.datetime:
    """When a deadline of ``working_days`` after ``filed_at`` passes: the start of the day after
    the last working day, in ``zone``, as an aware datetime (in UTC)."""
    if filed_at.tzinfo is None:
        raise ValueError("filed_at must be aware")
    tz = _zone(zone)
    last = working_days_after(local_day(filed_at, tz), working_days, holidays)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz)
    return end.astimezone(datetime.UTC)


def last_day(due: datetime.datetime, zone: str | datetime.tzinfo) -> datetime.date:
    """The last day on which a deadline is still met (what a page shows as "due on")."""
    return local_day(due, zone) - datetime.timedelta(days=1)


def reminder_day(
    due: datetime.datetime,
    working_days_before: int,
    zone: str | datetime.tzinfo,
    holidays: frozenset[datetime.date] = NO_HOLIDAYS,
) -> datetime.date:
    """The day to remind whoever must act: ``working_days_before`` working days before the last
    day (the last day itself for 0)."""
    day = last_day(due, zone)
    remaining = working_days_before
    while remaining:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.datetime,
    end: datetime.datetime,
    zone: str | datetime.tzinfo,
    holidays: frozenset[datetime.date] = NO_HOLIDAYS,
) -> int:
    """Working days from the day of ``start`` to the day of ``end`` in ``zone`` (the first
    excluded, the last included): 0 on the same day, 1 from Friday to Monday (0 when that
    Monday is a holiday)."""
    tz = _zone(zone)
    first, last = local_day(start, tz), local_day(end, tz)
    if last <= first:
        return 0
    whole_weeks, rest = divmod((last - first).days, 7)
    count = whole_weeks * 5
    day = first
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    # Holidays on weekdays within (first, last] were counted as working days.
    return count - sum(1 for holiday in holidays if first < holiday <= last and holiday.weekday() < SATURDAY)


def _zone(zone: str | datetime.tzinfo) -> datetime.tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone
