"""Evenings as calendar entries (the public one, each attendee's own), and files as responses."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from flask import Response, current_app, request
from sqlalchemy import or_, select

from eventsite.calendar.ics import Entry, Person, build_calendar
from eventsite.core.urls import absolute_url
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp, RsvpStatus

FEED_PAST_DAYS = 30


def organizer(chapter) -> Person:
    """The chapter, with its contact address; without one, the address mail comes from.

    RFC 5546 wants an ORGANIZER on every published or cancelled event, and clients
    compare it with the sender of a cancellation: the From address is one the
    installation answers for, where an invented one would be neither.
    """
    email = chapter.contact_email or parseaddr(current_app.config["MAIL_FROM"])[1]
    return Person(name=chapter.name, email=email)


def location(event: Event, show_address: bool) -> str | None:
    """Venue and address, or nothing while the address is for confirmed attendees only."""
    if not (event.address_is_public or show_address):
        return None
    text = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    return text.replace("\r\n", ", ").replace("\n", ", ") or None


def public_entry(event: Event) -> Entry:
    """The evening as anyone may see it: the feed and the evening's .ics."""
    return _entry(
        event,
        uid=event.uid,
        show_address=False,
        sequence=event.sequence,
        last_modified=event.updated_at,
        cancelled=event.status == EventStatus.CANCELLED,
    )


def attendee_entry(rsvp: Rsvp, *, with_attendee: bool = False) -> Entry:
    """The attendee's own entry: the address when it is for attendees, their own UID.

    Cancelling one's place raises the SEQUENCE above every copy sent before, so the
    cancellation outranks them in the attendee's calendar.
    """
    event = rsvp.event
    if rsvp.status not in (RsvpStatus.CONFIRMED, RsvpStatus.CANCELLED):
        raise ValueError("only a seat or a cancelled seat has a calendar entry")
    left = rsvp.status == RsvpStatus.CANCELLED
    last_modified = max(event.updated_at, rsvp.cancelled_at or event.updated_at)
    attendee = None
    if with_attendee and rsvp.email:
        attendee = Person(name=rsvp.name or rsvp.email, email=rsvp.email)
    return _entry(
        event,
        uid=rsvp.calendar_uid,
        show_address=not left,
        sequence=event.sequence + (1 if left else 0),
        last_modified=last_modified,
        cancelled=left or event.status == EventStatus.CANCELLED,
        attendee=attendee,
    )


def _entry(
    event: Event,
    *,
    uid: str,
    show_address: bool,
    sequence: int,
    last_modified: datetime,
    cancelled: bool,
    attendee: Person | None = None,
) -> Entry:
    return Entry(
        uid=uid,
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        tz=event.chapter.timezone,
        url=absolute_url("events.event", event_id=event.id),
        sequence=sequence,
        last_modified=last_modified,
        organizer=organizer(event.chapter),
        location=location(event, show_address),
        status="CANCELLED" if cancelled else "CONFIRMED",
        attendee=attendee,
    )


@dataclass(frozen=True)
class Feed:
    events: list[Event]
    last_modified: datetime | None  # latest change, counting evenings no longer in it


def feed_for(chapter_id: int, now: datetime) -> Feed:
    """A chapter's live evenings, from those that ended in the last 30 days on.

    A cancelled evening leaves the feed at once: subscribed calendars mirror the feed, so
    an entry that is gone is gone from them all, while a `STATUS:CANCELLED` one stays in
    khal (marked "CANCELLED"), Google Calendar and others. A feed never goes empty once it
    had an evening, though: RFC 5545 wants a component in every calendar, and vdirsyncer
    refuses to sync a source that emptied ("completely emptied"), keeping what it had. So
    a feed without a live evening carries the chapter's latest one instead: the last one
    held, else the latest cancelled one, as cancelled.

    Last-Modified counts the cancellations that took evenings out; without them a poller
    asking "If-Modified-Since" would be told nothing changed.
    """
    since = now - timedelta(days=FEED_PAST_DAYS)
    public = (
        Event.chapter_id == chapter_id,
        Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
        Event.first_published_at.is_not(None),  # a cancelled draft was never public
    )
    recent = db.session.scalars(
        select(Event)
        .where(*public, or_(Event.ends_at > since, Event.cancelled_at > since))
        .order_by(Event.starts_at, Event.id)
    ).all()
    live = [e for e in recent if e.status == EventStatus.PUBLISHED]
    if not live:
        latest = db.session.scalars(
            select(Event)
            .where(*public)
            .order_by(Event.status == EventStatus.CANCELLED, Event.starts_at.desc(), Event.id)
            .limit(1)
        ).first()
        live = [latest] if latest is not None else []
    changes = [e.updated_at for e in (*recent, *live)]
    return Feed(events=live, last_modified=max(changes, default=None))


def ics_response(
    entries: list[Entry],
    filename: str,
    *,
    name: str | None = None,
    last_modified: datetime | None = None,
) -> Response:
    """A calendar file that answers conditional requests (pollers send them every few hours).

    The body has no time of the request in it, so its hash is a strong ETag that every
    app process computes alike; Last-Modified is the latest change among its evenings,
    unless the caller knows a later one.
    """
    body = build_calendar(entries, name=name)
    response = Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if last_modified is None and entries:
        last_modified = max(e.last_modified for e in entries)
    if last_modified is not None:
        response.last_modified = last_modified
    # Who may keep it is the view's to say (core/caching.py): the feed is public, an
    # attendee's own file private. A 304 costs the poller next to nothing.
    response.make_conditional(request)
    return response
