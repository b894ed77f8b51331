"""Creating, changing, publishing and cancelling evenings."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from eventsite.chapters.models import Chapter
from eventsite.errors import DomainError
from eventsite.events.models import AddressVisibility, Event, EventStatus
from eventsite.events.timeutil import NonexistentTime, repeat_dates, to_local, to_utc
from eventsite.extensions import db, utcnow
from eventsite.rsvp import mails as rsvp_mails
from eventsite.rsvp import services as rsvps
from eventsite.rsvp.models import RsvpStatus
from eventsite.rsvp.queries import count_by_status

# Changing these makes attendees' calendar entries out of date.
CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "venue_name", "venue_address")
# Changing these is worth an email: people may no longer be able to come.
NOTIFY_FIELDS = {"starts_at", "ends_at", "venue_name", "venue_address"}
# Everything an organizer can change on the form; a save changing none of them is a no-op.
EDITABLE_FIELDS = (*CALENDAR_FIELDS, "capacity", "rsvp_deadline", "address_visibility")


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
            raise DomainError(
                "deadline",
                _(
                    "Sign-up must close before the evening starts. Leave it empty to accept "
                    "sign-ups until the start."
                ),
            )
        return {"starts_at": starts_at, "ends_at": ends_at, "rsvp_deadline": deadline}


def _refuse_past(starts_at: datetime, now: datetime) -> None:
    if starts_at < now:
        raise DomainError(
            "past",
            _(
                "That start is in the past. To add an evening that has already happened, "
                "tick “Record a past evening”."
            ),
        )


def create_events(
    chapter: Chapter,
    schedule: Schedule,
    repeat: str = "none",
    count: int = 1,
    *,
    record_past: bool = False,
    now: datetime | None = None,
    **fields,
) -> list[Event]:
    """Create one evening, or a series of them, as drafts.

    An evening in the past only with `record_past` (for the reports).
    """
    days = repeat_dates(schedule.day, repeat, count)
    series_id = secrets.token_hex(8) if len(days) > 1 else None
    events = []
    for index, day in enumerate(days):
        when = schedule.resolve(chapter.timezone, day)
        if index == 0 and not record_past:
            _refuse_past(required_moment(when["starts_at"]), now or utcnow())
        event = Event(chapter=chapter, series_id=series_id, status=EventStatus.DRAFT)
        _apply(event, {**fields, **when})
        db.session.add(event)
        events.append(event)
    db.session.flush()
    return events


@dataclass(frozen=True)
class EventUpdate:
    """What a save changed: {field: (old, new)}, and who got a seat because of it."""

    changes: dict[str, tuple]
    promoted: list


def required_moment(value: datetime | None) -> datetime:
    if value is None:
        raise ValueError("resolve() always gives a start")
    return value


def _comparable(value):
    return normalise_text(value) if isinstance(value, str) else value


def update_event(
    event: Event,
    schedule: Schedule,
    *,
    record_past: bool = False,
    below_confirmed: bool = False,
    now: datetime | None = None,
    **fields,
) -> EventUpdate:
    """Change an evening; bump its calendar sequence; seat waiting people if it grew.

    Text is compared after normalising it (line endings, trailing spaces), so a form
    sent back unchanged changes nothing, bumps nothing and mails no one. Moving the
    start into the past needs `record_past`; fewer seats than people confirmed needs
    `below_confirmed` (no one loses their seat).
    """
    now = now or utcnow()
    event, _seq = rsvps.lock_event(event.id)
    before = {name: getattr(event, name) for name in EDITABLE_FIELDS}
    _apply(event, {**fields, **schedule.resolve(event.chapter.timezone)})
    changes = {
        name: (old, getattr(event, name))
        for name, old in before.items()
        if _comparable(getattr(event, name)) != _comparable(old)
    }
    if "starts_at" in changes and not record_past:
        _refuse_past(event.starts_at, now)
    if "capacity" in changes and not below_confirmed:
        confirmed = count_by_status(event.id)[RsvpStatus.CONFIRMED]
        if event.capacity < confirmed:
            raise DomainError(
                "below_confirmed",
                ngettext(
                    "%(num)d person already has a seat, more than %(seats)d. Tick “Lower the "
                    "seats anyway” to keep everyone and let no one new in until there is room.",
                    "%(num)d people already have a seat, more than %(seats)d. Tick “Lower the "
                    "seats anyway” to keep everyone and let no one new in until there is room.",
                    confirmed,
                    seats=event.capacity,
                ),
            )
    for name, old in before.items():
        if name not in changes:
            setattr(event, name, old)  # keep the stored text byte for byte
    if not changes:
        return EventUpdate({}, [])
    if changes.keys() & set(CALENDAR_FIELDS):
        event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    if changes.keys() & NOTIFY_FIELDS and event.status == EventStatus.PUBLISHED:
        rsvp_mails.event_changed(event, {k: v[0] for k, v in changes.items()})
    return EventUpdate(changes, rsvps.fill_from_waitlist(event, now))


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
                value = one_line(value) if name in ONE_LINE else normalise_text(value)
            setattr(event, name, value)
    if "address_visibility" in fields:
        event.address_visibility = AddressVisibility(fields["address_visibility"])


ONE_LINE = {"title", "venue_name"}


def one_line(text: str) -> str:
    """Fold line breaks and runs of spaces: titles end up in email subjects and headers."""
    return " ".join(text.split())


def normalise_text(text: str) -> str:
    """Unix line ends, no trailing spaces, no blank lines around: how text is stored.

    Browsers send textareas back with CRLF line ends; without this, an unchanged
    address would count as a new one.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def publish(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise DomainError("cancelled", _("A cancelled evening cannot be published again."))
    event.status = EventStatus.PUBLISHED
    event.updated_at = utcnow()


def cancel(
    event: Event, now: datetime | None = None, *, reason: str = "", instead: Event | None = None
) -> None:
    """Cancel an evening. RSVPs are kept, so attendees can be told.

    The mail carries the organizers' `reason` and points to the evening `instead`, if any.
    """
    event, _seq = rsvps.lock_event(event.id)
    if event.status == EventStatus.CANCELLED:
        return
    was_public = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancelled_at = now or utcnow()
    event.sequence += 1
    event.updated_at = event.cancelled_at
    db.session.flush()
    if was_public:
        rsvp_mails.event_cancelled(event, reason=normalise_text(reason), instead=instead)


# --- a series: "this and all later evenings" ------------------------------------------

# What "edit this and all later evenings" carries over; each keeps its own date.
SERIES_FIELDS = (
    "title",
    "description",
    "venue_name",
    "venue_address",
    "address_visibility",
    "capacity",
)


def later_in_series(event: Event) -> list[Event]:
    """The evenings of `event`'s series after it, not cancelled, soonest first."""
    if event.series_id is None:
        return []
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.series_id == event.series_id,
                Event.starts_at > event.starts_at,
                Event.status != EventStatus.CANCELLED,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


def _own_schedule(event: Event, starts: time | None = None, ends: time | None = None) -> Schedule:
    """An evening's schedule in its chapter's wall-clock time, optionally with new times."""
    tz = event.chapter.timezone
    local_start, local_end = to_local(event.starts_at, tz), to_local(event.ends_at, tz)
    deadline = to_local(event.rsvp_deadline, tz) if event.rsvp_deadline else None
    return Schedule(
        day=local_start.date(),
        starts=starts or local_start.time(),
        ends=ends or local_end.time(),
        deadline_day=deadline.date() if deadline else None,
        deadline_time=deadline.time() if deadline else None,
    )


def update_later(
    event: Event, update: EventUpdate, schedule: Schedule, **fields
) -> list[EventUpdate]:
    """Carry the changes just made to `event` over to the later evenings of its series.

    Only what changed is carried: title, description, venue, seats, and the start and
    end time of day (each evening keeps its own date).
    """
    carried = {name: fields[name] for name in SERIES_FIELDS if name in update.changes}
    times = {"starts_at", "ends_at"} & update.changes.keys()
    updates = []
    for later in later_in_series(event):
        own = _own_schedule(
            later,
            schedule.starts if times else None,
            schedule.ends if times else None,
        )
        updates.append(update_event(later, own, below_confirmed=True, **carried))
    return updates


def publish_later(event: Event) -> int:
    """Publish this evening and the later drafts of its series; return how many."""
    drafts = [e for e in [event, *later_in_series(event)] if e.status == EventStatus.DRAFT]
    for draft in drafts:
        publish(draft)
    return len(drafts)


def cancel_later(event: Event, *, reason: str = "") -> int:
    """Cancel this evening and the later ones of its series; return how many."""
    evenings = [event, *later_in_series(event)]
    for evening in evenings:
        cancel(evening, reason=reason)
    return len(evenings)


def duplicate(event: Event, day: date, now: datetime | None = None) -> Event:
    """A new draft like `event` on another day, same times; it starts with no sign-ups."""
    own = _own_schedule(event)
    shift = day - own.day
    schedule = Schedule(
        day=day,
        starts=own.starts,
        ends=own.ends,
        deadline_day=own.deadline_day + shift if own.deadline_day else None,
        deadline_time=own.deadline_time,
    )
    fields = {name: getattr(event, name) for name in SERIES_FIELDS}
    fields["address_visibility"] = event.address_visibility.value
    [copy] = create_events(event.chapter, schedule, now=now, **fields)
    return copy


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
