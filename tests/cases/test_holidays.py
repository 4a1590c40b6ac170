"""Working days skip public holidays (settings.CASE_HOLIDAYS): the pure functions at the edges (a
deadline over a weekend and a holiday, a holiday on the filing day, on a Friday or a Monday, at a
year's end), and the deadlines, working days to answer and reminders the services compute."""

from __future__ import annotations

import datetime

import pytest

from django.core import mail
from django.core.checks import run_checks

from commitments.cases import deadlines, notifications, services
from commitments.cases.models import Case

from .fixtures import file_case

UTC = datetime.UTC
day = datetime.date
CHRISTMAS = day(2026, 12, 25)  # a Friday
NEW_YEAR = day(2027, 1, 1)  # a Friday
HOLIDAYS = frozenset({CHRISTMAS, NEW_YEAR})


def at(d: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(d, datetime.time(hour), tzinfo=UTC)


def last_day(filed: datetime.date, working_days: int, holidays=HOLIDAYS) -> datetime.date:
    return deadlines.last_day(deadlines.deadline(at(filed), working_days, "UTC", holidays), "UTC")


@pytest.mark.parametrize(
    "filed, working_days, expected",
    [
        # Thursday 24th, one working day: Friday is Christmas, then the weekend: Monday 28th.
        (day(2026, 12, 24), 1, day(2026, 12, 28)),
        # Five working days from Wednesday 23rd skip Christmas and the weekend: 24, 28, 29, 30, 31.
        (day(2026, 12, 23), 5, day(2026, 12, 31)),
        # Over both holidays and both weekends: 28, 29, 30, 31, (1 Jan), 4, 5 ... the 6th.
        (day(2026, 12, 24), 7, day(2027, 1, 6)),
        # Filed on a holiday: counting starts from the next working day, as from a weekend.
        (CHRISTMAS, 1, day(2026, 12, 28)),
        # A holiday after the deadline changes nothing.
        (day(2026, 12, 21), 3, day(2026, 12, 24)),
    ],
)
def test_deadlines_skip_weekends_and_holidays(filed, working_days, expected):
    assert last_day(filed, working_days) == expected
    assert deadlines.is_working_day(expected, HOLIDAYS)


def test_without_holidays_the_rule_is_unchanged():
    assert last_day(day(2026, 12, 24), 1, frozenset()) == CHRISTMAS
    assert last_day(day(2026, 12, 24), 1, frozenset({day(2026, 12, 26)})) == CHRISTMAS  # a Saturday


def test_a_monday_holiday_after_a_friday_deadline_and_the_reminder_before_it():
    easter_monday = day(2027, 3, 29)
    holidays = frozenset({easter_monday})
    # Filed Friday 26 March, one working day: Monday is a holiday, so Tuesday 30th.
    due = deadlines.deadline(at(day(2027, 3, 26)), 1, "UTC", holidays)
    assert deadlines.last_day(due, "UTC") == day(2027, 3, 30)
    # Reminded one working day before: the Friday, not the holiday Monday.
    assert deadlines.reminder_day(due, 1, "UTC", holidays) == day(2027, 3, 26)
    assert deadlines.reminder_day(due, 1, "UTC") == easter_monday


def test_working_days_between_leave_out_holidays():
    thursday, monday, tuesday = at(day(2026, 12, 24)), at(day(2026, 12, 28)), at(day(2026, 12, 29))
    assert deadlines.working_days_between(thursday, monday, "UTC") == 2
    assert deadlines.working_days_between(thursday, monday, "UTC", HOLIDAYS) == 1
    assert deadlines.working_days_between(thursday, tuesday, "UTC", HOLIDAYS) == 2
    # A holiday on a weekend, or on the first day (excluded), or after the end, counts for nothing.
    assert deadlines.working_days_between(at(CHRISTMAS), monday, "UTC", HOLIDAYS) == 1
    assert deadlines.working_days_between(thursday, monday, "UTC", frozenset({day(2026, 12, 26)})) == 2
    assert deadlines.working_days_between(at(day(2026, 12, 21)), at(day(2027, 1, 4)), "UTC", HOLIDAYS) == 8
    # Brute force agrees over a season of starts and ends.
    for start_offset in range(0, 20):
        for length in range(0, 25):
            start = day(2026, 12, 14) + datetime.timedelta(days=start_offset)
            end = start + datetime.timedelta(days=length)
            expected = sum(
                1
                for n in range(1, length + 1)
                if deadlines.is_working_day(start + datetime.timedelta(days=n), HOLIDAYS)
            )
            assert deadlines.working_days_between(at(start), at(end), "UTC", HOLIDAYS) == expected


def test_holidays_from_settings_values():
    assert deadlines.holidays_from(["2026-12-25", " 2027-01-01 ", "", CHRISTMAS]) == HOLIDAYS
    with pytest.raises(ValueError):
        deadlines.holidays_from(["25/12/2026"])


def test_a_wrong_holiday_fails_the_system_checks(settings):
    settings.CASE_HOLIDAYS = ["2026-12-25", "Christmas"]
    errors = [error for error in run_checks() if error.id == "commitments_cases.E001"]
    assert len(errors) == 1 and "'Christmas'" in errors[0].msg
    settings.CASE_HOLIDAYS = ["2026-12-25"]
    assert not [error for error in run_checks() if error.id == "commitments_cases.E001"]


@pytest.mark.django_db
def test_cases_deadlines_working_days_and_reminders_skip_the_holidays(world, settings):
    settings.CASE_TIME_ZONE = "UTC"
    settings.CASE_HOLIDAYS = ["2026-12-25", "2027-01-01"]
    settings.CASE_ACKNOWLEDGE_WORKING_DAYS = 1
    case = file_case(world, now=at(day(2026, 12, 24)))
    assert deadlines.last_day(case.acknowledge_due, "UTC") == day(2026, 12, 28)
    # 20 working days from Thursday 24 December, without the two holidays: 25 January.
    assert deadlines.last_day(case.answer_due, "UTC") == day(2027, 1, 25)

    # The reminder goes one working day before the Monday: on Thursday 24th (Friday is Christmas).
    mail.outbox.clear()
    assert notifications.send_case_reminders(now=at(day(2026, 12, 23), 8)) == 0
    assert notifications.send_case_reminders(now=at(day(2026, 12, 24), 12)) == 1

    answered = services.case_answer(
        case=case,
        actor=world.user("poc"),
        text="Done.",
        evidence_url="https://example.org/e",
        now=at(day(2026, 12, 28), 11),
    )
    assert answered.days_to_answer == 1  # Thursday to Monday, Christmas left out
    assert Case.objects.get(pk=case.pk).days_to_answer == 1
