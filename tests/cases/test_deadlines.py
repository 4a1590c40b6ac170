"""A case's deadlines as pure functions: working days skip weekends; Friday deadlines, month
ends and the time zone the filing day is read in."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from commitments.cases import deadlines

UTC = datetime.UTC
BUENOS_AIRES = ZoneInfo("America/Argentina/Buenos_Aires")  # UTC-3
KYIV = ZoneInfo("Europe/Kyiv")  # UTC+3 in summer


def at(year, month, day, hour=12, tz=UTC) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=tz)


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (datetime.date(2026, 6, 1), 5, datetime.date(2026, 6, 8)),  # Monday + 5 = next Monday
        (datetime.date(2026, 6, 1), 4, datetime.date(2026, 6, 5)),  # ... + 4 = that Friday
        (datetime.date(2026, 6, 5), 1, datetime.date(2026, 6, 8)),  # Friday + 1 skips the weekend
        (datetime.date(2026, 6, 6), 1, datetime.date(2026, 6, 8)),  # filed on Saturday: Monday
        (datetime.date(2026, 6, 7), 5, datetime.date(2026, 6, 12)),  # filed on Sunday: Friday
        (datetime.date(2026, 6, 1), 20, datetime.date(2026, 6, 29)),  # 20 working days = 4 weeks
        (datetime.date(2026, 1, 28), 5, datetime.date(2026, 2, 4)),  # across a month end
        (datetime.date(2026, 12, 29), 5, datetime.date(2027, 1, 5)),  # across a year end
        (datetime.date(2028, 2, 25), 3, datetime.date(2028, 3, 1)),  # across a leap day (Friday)
        (datetime.date(2026, 6, 1), 0, datetime.date(2026, 6, 1)),
    ],
)
def test_working_days_after_skip_weekends(day, count, expected):
    assert deadlines.working_days_after(day, count) == expected
    assert deadlines.is_working_day(expected) or count == 0


def test_a_deadline_runs_to_the_end_of_its_last_working_day_in_the_zone():
    due = deadlines.deadline(at(2026, 6, 1, 9), 5, "UTC")
    assert due == at(2026, 6, 9, 0)  # the first instant after Monday 8 June
    assert deadlines.last_day(due, "UTC") == datetime.date(2026, 6, 8)


def test_a_deadline_that_falls_on_a_friday_ends_that_friday_not_after_the_weekend():
    due = deadlines.deadline(at(2026, 6, 1, 9), 4, "UTC")
    assert deadlines.last_day(due, "UTC") == datetime.date(2026, 6, 5)
    assert due == at(2026, 6, 6, 0)
    assert due - datetime.timedelta(microseconds=1) < due  # Friday 23:59:59 is still on time


def test_a_case_filed_on_friday_evening_in_buenos_aires_was_filed_on_friday_there():
    # 23:30 on Friday 5 June in Buenos Aires is 02:30 on Saturday in UTC.
    filed = datetime.datetime(2026, 6, 5, 23, 30, tzinfo=BUENOS_AIRES)
    assert filed.astimezone(UTC).date() == datetime.date(2026, 6, 6)
    local = deadlines.deadline(filed, 1, BUENOS_AIRES)
    in_utc = deadlines.deadline(filed, 1, "UTC")
    assert deadlines.last_day(local, BUENOS_AIRES) == datetime.date(2026, 6, 8)  # Monday
    assert local == datetime.datetime(2026, 6, 9, 0, tzinfo=BUENOS_AIRES)  # 03:00 UTC
    # Read in UTC it was filed on Saturday: the first working day after is Monday as well, but
    # the deadline ends at midnight UTC, three hours before Buenos Aires' midnight.
    assert in_utc == at(2026, 6, 9, 0)
    assert local - in_utc == datetime.timedelta(hours=3)


def test_a_case_filed_early_on_monday_in_kyiv_is_filed_on_monday_though_sunday_in_utc():
    filed = datetime.datetime(2026, 6, 8, 1, 0, tzinfo=KYIV)  # 22:00 on Sunday in UTC
    assert deadlines.last_day(deadlines.deadline(filed, 1, KYIV), KYIV) == datetime.date(2026, 6, 9)
    assert deadlines.last_day(deadlines.deadline(filed, 1, "UTC"), "UTC") == datetime.date(2026, 6, 8)


def test_deadlines_need_an_aware_filing_time():
    with pytest.raises(ValueError):
        deadlines.deadline(datetime.datetime(2026, 6, 1, 9), 5, "UTC")
    with pytest.raises(ValueError):
        deadlines.working_days_after(datetime.date(2026, 6, 1), -1)


@pytest.mark.parametrize(
    ("due_last_day", "before", "expected"),
    [
        (datetime.date(2026, 6, 8), 1, datetime.date(2026, 6, 5)),  # due Monday: remind Friday
        (datetime.date(2026, 6, 10), 1, datetime.date(2026, 6, 9)),
        (datetime.date(2026, 6, 10), 0, datetime.date(2026, 6, 10)),
        (datetime.date(2026, 6, 1), 2, datetime.date(2026, 5, 28)),  # across the month end
    ],
)
def test_reminders_go_working_days_before_the_last_day(due_last_day, before, expected):
    due = datetime.datetime.combine(due_last_day + datetime.timedelta(days=1), datetime.time(0), tzinfo=UTC)
    assert deadlines.reminder_day(due, before, "UTC") == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2026, 6, 1), at(2026, 6, 1, 18), 0),
        (at(2026, 6, 5), at(2026, 6, 8), 1),  # Friday to Monday
        (at(2026, 6, 1), at(2026, 6, 29), 20),
        (at(2026, 6, 6), at(2026, 6, 7), 0),  # Saturday to Sunday
        (at(2026, 5, 29), at(2026, 6, 2), 2),  # Friday 29 May to Tuesday 2 June
        (at(2026, 6, 8), at(2026, 6, 1), 0),
    ],
)
def test_working_days_between(start, end, expected):
    assert deadlines.working_days_between(start, end, "UTC") == expected


def test_working_days_between_reads_both_days_in_the_zone():
    # Friday 21:00 to Monday 22:00 in Buenos Aires: Saturday 00:00 to Tuesday 01:00 in UTC.
    start = datetime.datetime(2026, 6, 5, 21, tzinfo=BUENOS_AIRES)
    end = datetime.datetime(2026, 6, 8, 22, tzinfo=BUENOS_AIRES)
    assert deadlines.working_days_between(start, end, BUENOS_AIRES) == 1
    assert deadlines.working_days_between(start, end, "UTC") == 2  # Saturday to Tuesday
