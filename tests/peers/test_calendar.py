"""Event times: stored aware, shown in the event's zone with its offset; calendars in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from peers.talk.calendar import (
    CalendarEntry,
    calendar_bytes,
    in_zone,
    local_to_aware,
    utc_offset_label,
    valid_zone,
)

BA = zoneinfo.ZoneInfo("America/Argentina/Buenos_Aires")


def test_a_time_typed_in_buenos_aires_is_three_hours_behind_utc():
    start = local_to_aware(datetime.datetime(2026, 3, 10, 14, 0), "America/Argentina/Buenos_Aires")
    assert start.astimezone(datetime.UTC) == datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
    shown = in_zone(start, "America/Argentina/Buenos_Aires")
    assert shown.offset == "UTC−03:00"
    assert shown.iso == "2026-03-10T17:00:00Z"
    assert "America/Argentina/Buenos_Aires" in shown.text and "UTC−03:00" in shown.text


def test_offsets_follow_summer_time():
    winter = in_zone(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC), "Europe/Paris")
    summer = in_zone(datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC), "Europe/Paris")
    assert (winter.offset, summer.offset) == ("UTC+01:00", "UTC+02:00")
    assert winter.moment.hour == 13 and summer.moment.hour == 14
    assert utc_offset_label(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)) == "UTC"
    kolkata = in_zone(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), "Asia/Kolkata")
    assert kolkata.offset == "UTC+05:30"


def test_naive_times_are_refused_and_zones_are_checked():
    with pytest.raises(ValueError):
        in_zone(datetime.datetime(2026, 1, 1), "UTC")
    assert valid_zone("Europe/Kyiv") and not valid_zone("Mars/Olympus") and not valid_zone("../etc")


def test_calendar_carries_each_event_in_utc_with_stable_uid():
    start = datetime.datetime(2026, 3, 10, 14, tzinfo=BA)
    entries = [
        CalendarEntry(
            uid="event-7@tracker",
            title="OCDS training",
            start=start,
            end=start + datetime.timedelta(hours=2),
            url="https://tracker.example/en/peers/contracting-5/events/ocds/",
            location="Online",
        )
    ]
    data = calendar_bytes(entries, name="Contracting 5", method="REQUEST")
    assert b"DTSTART:20260310T170000Z" in data and b"DTEND:20260310T190000Z" in data
    parsed = Calendar.from_ical(data)
    assert parsed["method"] == "REQUEST" and parsed["x-wr-calname"] == "Contracting 5"
    [event] = parsed.walk("VEVENT")
    assert str(event["uid"]) == "event-7@tracker" and str(event["summary"]) == "OCDS training"
    assert str(event["status"]) == "CONFIRMED"
    cancelled = Calendar.from_ical(
        calendar_bytes(
            [CalendarEntry(**{**entries[0].__dict__, "cancelled": True, "sequence": 1})], method="CANCEL"
        )
    )
    [event] = cancelled.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1
