"""Creating, changing, publishing and cancelling evenings."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from eventsite.chapters.models import Chapter
from eventsite.errors import DomainError
from eventsite.events.models import AddressVisibility, Event, EventStatus
from eventsite.events.timeutil import NonexistentTime, repeat_dates, to_utc
from eventsite.extensions import db, utcnow
from eventsite.rsvp import mails as rsvp_mails
from eventsite.rsvp import services as rsvps

# Changing these makes attendees' calendar entries out of date.
CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "venue_name", "venue_address")
# Changing these is worth an email: people may no longer be able to come.
NOTIFY_FIELDS = {"starts_at", "ends_at", "venue_name", "venue_address"}


@dataclass(frozen=True)
class Schedule:
    """When an evening (or the first of a series) happens, in the chapter's wall-clock time."""

    day: date
    starts: time
    ends: time
    deadline_day: date | None = None
    deadline_time: time | None = None

    def resolve(self, tz: str, day: date | None = None) -> dict[str, datetime | None]:
        """Return starts_at/ends_at/rsvp_deadline in UTC for `day` (default: self.day)."""
        day = day or self.day
        shift = day - self.day
        try:
            starts_at = to_utc(day, self.starts, tz)
            # An evening that ends "earlier" than it starts runs past midnight.
            end_day = day if self.ends > self.starts else day.fromordinal(day.toordinal() + 1)
            ends_at = to_utc(end_day, self.ends, tz)
            deadline = None
            if self.deadline_day is not None:
                deadline = to_utc(self.deadline_day + shift, self.deadline_time or time(23, 59), tz)
        except NonexistentTime as error:
            raise DomainError(
                "nonexistent_time",
                _("That time does not exist on %(day)s: the clocks change that night.", day=day),
            ) from error
        if deadline is not None and deadline >= starts_at:
            deadline = None  # a deadline after the start means "until the start"
        return {"starts_at": starts_at, "ends_at": ends_at, "rsvp_deadline": deadline}


def create_events(
    chapter: Chapter, schedule: Schedule, repeat: str = "none", count: int = 1, **fields
) -> list[Event]:
    """Create one evening, or a series of them, as drafts."""
    days = repeat_dates(schedule.day, repeat, count)
    series_id = secrets.token_hex(8) if len(days) > 1 else None
    events = []
    for day in days:
        event = Event(chapter=chapter, series_id=series_id, status=EventStatus.DRAFT)
        _apply(event, {**fields, **schedule.resolve(chapter.timezone, day)})
        db.session.add(event)
        events.append(event)
    db.session.flush()
    return events


def update_event(event: Event, schedule: Schedule, **fields) -> list:
    """Change an evening; bump its calendar sequence; seat waiting people if it grew."""
    event, _seq = rsvps.lock_event(event.id)
    before = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    _apply(event, {**fields, **schedule.resolve(event.chapter.timezone)})
    changed = {name for name, value in before.items() if getattr(event, name) != value}
    if changed:
        event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    if changed & NOTIFY_FIELDS and event.status == EventStatus.PUBLISHED:
        rsvp_mails.event_changed(event)
    return rsvps.fill_from_waitlist(event, utcnow())


def _apply(event: Event, fields: dict) -> None:
    for name in (
        "title",
        "description",
        "venue_name",
        "venue_address",
        "capacity",
        "starts_at",
        "ends_at",
        "rsvp_deadline",
    ):
        if name in fields:
            value = fields[name]
            if isinstance(value, str):
                value = one_line(value) if name in ONE_LINE else value.strip()
            setattr(event, name, value)
    if "address_visibility" in fields:
        event.address_visibility = AddressVisibility(fields["address_visibility"])


ONE_LINE = {"title", "venue_name"}


def one_line(text: str) -> str:
    """Fold line breaks and runs of spaces: titles end up in email subjects and headers."""
    return " ".join(text.split())


def publish(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise DomainError("cancelled", _("A cancelled evening cannot be published again."))
    event.status = EventStatus.PUBLISHED
    event.updated_at = utcnow()
    if event.first_published_at is None:
        event.first_published_at = event.updated_at


def cancel(event: Event, now: datetime | None = None) -> None:
    """Cancel an evening. RSVPs are kept, so attendees can be told.

    Only an evening that was once published can be cancelled: one never published is
    deleted instead (delete_draft), so it never shows as "cancelled" anywhere.
    """
    event, _seq = rsvps.lock_event(event.id)
    if event.status == EventStatus.CANCELLED:
        return
    if not event.was_published:
        raise DomainError("draft", _("This evening was never published: delete it instead."))
    was_public = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancelled_at = now or utcnow()
    event.sequence += 1
    event.updated_at = event.cancelled_at
    db.session.flush()
    if was_public:
        rsvp_mails.event_cancelled(event)


def delete_draft(event: Event) -> None:
    """Delete an evening that was never published, with its tables and choices."""
    event, _seq = rsvps.lock_event(event.id)
    if event.was_published:
        raise DomainError(
            "published", _("This evening has been published: cancel it, so people are told.")
        )
    db.session.delete(event)
    db.session.flush()


def upcoming_query(now: datetime, chapter_id: int | None = None) -> Select:
    """Published evenings that have not ended, soonest first, with their chapter."""
    query = (
        select(Event)
        .join(Event.chapter)
        .options(contains_eager(Event.chapter))
        .where(Event.status == EventStatus.PUBLISHED, Event.ends_at > now)
        .order_by(Event.starts_at, Event.id)
    )
    if chapter_id is not None:
        query = query.where(Event.chapter_id == chapter_id)
    return query
