"""iCalendar (RFC 5545) files built from plain data.

Downloads and feeds carry no METHOD: they are a calendar's contents, not scheduling
messages (RFC 5546), and a subscribed feed follows changes by UID and SEQUENCE alone.
Mail attachments are iMIP messages (RFC 6047) and say PUBLISH, or CANCEL to remove
an evening from the recipient's calendar.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Letter evenings//eventsite//EN"


class Method(enum.StrEnum):
    PUBLISH = "PUBLISH"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Person:
    """A calendar user: the chapter as organizer, or the attendee a cancellation is for."""

    name: str
    email: str


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
    organizer: Person
    location: str | None = None
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    attendee: Person | None = None  # only in a CANCEL: who is taken off the evening


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    return address


def _vevent(entry: Entry, stamp: datetime | None) -> Event:
    vevent = Event()
    vevent.add("uid", entry.uid)
    # Without METHOD, DTSTAMP is when the entry was last revised (RFC 5545 §3.8.7.2), so a
    # feed is the same bytes until something changes and its ETag holds across processes.
    vevent.add("dtstamp", stamp or entry.last_modified)
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
    vevent.add("organizer", _address(entry.organizer))
    if entry.attendee is not None:
        vevent.add("attendee", _address(entry.attendee))
    vevent.add("sequence", entry.sequence)
    vevent.add("last-modified", entry.last_modified)
    vevent.add("status", entry.status)
    return vevent


def build_calendar(
    entries: Iterable[Entry],
    *,
    name: str | None = None,
    method: Method | None = None,
    now: datetime | None = None,
) -> bytes:
    """Return an iCalendar file with one VEVENT per entry (in UTC, so no VTIMEZONE).

    A message (`method` given) is stamped `now`; a download or feed is not stamped.
    """
    if method is not None and now is None:
        raise ValueError("a scheduling message needs the time it is sent")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method is not None:
        calendar.add("method", method.value)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    entries = list(entries)
    if name and entries:
        calendar.add("x-wr-timezone", entries[0].tz)  # display hint for subscribed feeds
    for entry in entries:
        calendar.add_component(_vevent(entry, now if method is not None else None))
    return calendar.to_ical()
