"""iCalendar (RFC 5545) files built from plain data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Letter evenings//eventsite//EN"


@dataclass(frozen=True)
class Entry:
    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    tz: str
    url: str
    sequence: int
    last_modified: datetime
    location: str | None = None
    cancelled: bool = False


def _vevent(entry: Entry, now: datetime) -> Event:
    zone = ZoneInfo(entry.tz)
    vevent = Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", now)
    vevent.add("dtstart", entry.starts_at.astimezone(zone))
    vevent.add("dtend", entry.ends_at.astimezone(zone))
    vevent.add("summary", entry.title)
    if entry.description:
        vevent.add("description", entry.description)
    vevent.add("url", entry.url)
    if entry.location:
        vevent.add("location", entry.location)
    vevent.add("sequence", entry.sequence)
    vevent.add("last-modified", entry.last_modified)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return vevent


def build_calendar(entries: Iterable[Entry], *, now: datetime, name: str | None = None) -> bytes:
    """Return an iCalendar file with one VEVENT per entry and the VTIMEZONEs they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    entries = list(entries)
    for entry in entries:
        calendar.add_component(_vevent(entry, now))
    if entries:
        # Describe the zones only for the span the calendar covers: a year's margin
        # each side instead of every change since 1970.
        first = min(e.starts_at for e in entries).date() - timedelta(days=366)
        last = max(e.ends_at for e in entries).date() + timedelta(days=366)
        calendar.add_missing_timezones(first, last)
    return calendar.to_ical()
