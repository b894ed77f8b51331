"""iCalendar (RFC 5545) files built from plain data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//Letter evenings//eventsite//EN"


@dataclass(frozen=True)
class Entry:
    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    tz: str  # the chapter's zone, a display hint for feeds
    url: str
    sequence: int
    last_modified: datetime
    location: str | None = None
    cancelled: bool = False


def _vevent(entry: Entry, now: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", now)
    # UTC ("...Z") times: every client reads them right, while VTIMEZONE blocks
    # built from RDATE lists are misread by some parsers around DST changes.
    vevent.add("dtstart", entry.starts_at.astimezone(UTC))
    vevent.add("dtend", entry.ends_at.astimezone(UTC))
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
    if name and entries:
        calendar.add("x-wr-timezone", entries[0].tz)  # display hint for subscribed feeds
    for entry in entries:
        calendar.add_component(_vevent(entry, now))
    return calendar.to_ical()
