"""Time zones and iCalendar for events and trainings.

An event is stored as an aware start and end (UTC in the database) plus the IANA zone it takes
place in. Pages show it in that zone with its UTC offset (right without JavaScript); a small
script then rewrites the time in the visitor's own zone. Calendars (the network's feed and the
``.ics`` attached to registration emails) carry UTC times, which every client converts.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

from django.utils import formats

PRODID = "-//Open Commitments Tracker//peers//EN"


def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, sorted, for the event form."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def valid_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def utc_offset_label(moment: datetime.datetime) -> str:
    """``UTC−03:00`` style (``UTC`` alone at zero), as the page shows next to a local time."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class LocalTime:
    """One moment as shown on a page: in the event's zone, with the ISO instant for the script."""

    moment: datetime.datetime
    zone: str

    @property
    def iso(self) -> str:
        return self.moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")

    @property
    def offset(self) -> str:
        return utc_offset_label(self.moment)

    @property
    def text(self) -> str:
        return f"{formats.date_format(self.moment, 'DATETIME_FORMAT')} ({self.zone}, {self.offset})"


def in_zone(moment: datetime.datetime, zone: str) -> LocalTime:
    """``moment`` (aware) seen in ``zone``; raises ValueError for a naive time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("event times are stored aware")
    return LocalTime(moment.astimezone(zoneinfo.ZoneInfo(zone)), zone)


def local_to_aware(value: datetime.datetime, zone: str) -> datetime.datetime:
    """A wall-clock time typed for ``zone`` made aware in it (the form's date and time)."""
    return value.replace(tzinfo=zoneinfo.ZoneInfo(zone))


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar needs of an event: a stable uid and absolute URL."""

    uid: str
    title: str
    start: datetime.datetime
    end: datetime.datetime
    url: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False


def _component(entry: CalendarEntry, *, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("dtstart", entry.start.astimezone(datetime.UTC))
    event.add("dtend", entry.end.astimezone(datetime.UTC))
    event.add("summary", entry.title)
    event.add("url", entry.url)
    event.add("sequence", entry.sequence)
    if entry.location:
        event.add("location", entry.location)
    description = "\n\n".join(part for part in (entry.description, entry.url) if part)
    event.add("description", description)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


def calendar_bytes(
    entries: Iterable[CalendarEntry],
    *,
    name: str = "",
    method: str = "",
    stamp: datetime.datetime | None = None,
) -> bytes:
    """An iCalendar file (RFC 5545) of ``entries``; ``method`` REQUEST or CANCEL for emails."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(_component(entry, stamp=stamp))
    return calendar.to_ical()
