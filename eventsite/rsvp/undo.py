"""The attendee's own "I can't come", with ten minutes to take it back.

What happens to the seat in those ten minutes: **it is kept for the person unless
someone is waiting for it.** When people are on the waitlist at the moment of the
cancellation, the first of them gets the seat at once (the waitlist needs it); an undo
then puts the person back on the waitlist in their old place in the queue, which is
ahead of everyone who signed up after them. When nobody is waiting, the seat is held
(`seat_held_until`): it counts against capacity, so a newcomer joins the waitlist
instead of taking it, and when the ten minutes are over it goes down the waitlist the
way a lapsed unconfirmed seat does (`expire_holds_of`). An undo within the time gives
the seat back.

The mail confirming the cancellation waits until the time to undo is over; an undo
takes it back. All of it runs under the evening's lock, like every sign-up change.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from eventsite.errors import DomainError
from eventsite.events.models import EventStatus, new_uid
from eventsite.extensions import db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.rsvp import mails
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.queries import seats_in_use
from eventsite.rsvp.services import _cancel_locked, fill_from_waitlist, lock_event

UNDO_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Cancelled:
    undo_until: datetime | None
    seat_kept: bool  # True: the seat is held for an undo; False: it went on, or there was none
    promoted: list[Rsvp]


def _lock(rsvp_id: int):
    event_id = db.session.scalar(select(Rsvp.event_id).where(Rsvp.id == rsvp_id))
    if event_id is None:
        raise DomainError("not_found", _("That sign-up does not exist."))
    event, _seq = lock_event(event_id)
    return event, db.session.get_one(Rsvp, rsvp_id, populate_existing=True)


def cancel_own(rsvp_id: int, now: datetime | None = None) -> Cancelled:
    """Cancel one's own place, keeping the seat for an undo when nobody waits for it."""
    now = now or utcnow()
    event, rsvp = _lock(rsvp_id)
    if rsvp.status == RsvpStatus.CANCELLED:
        held = rsvp.seat_held_until is not None and rsvp.seat_held_until > now
        return Cancelled(rsvp.undo_until, held, [])
    was_confirmed = rsvp.status == RsvpStatus.CONFIRMED
    freed = _cancel_locked(rsvp, now)
    rsvp.undo_until = now + UNDO_WINDOW
    db.session.flush()
    promoted: list[Rsvp] = []
    kept = False
    if freed:
        waiting = db.session.scalar(
            select(func.count()).where(
                Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED
            )
        )
        if waiting:
            promoted = fill_from_waitlist(event, now)
        elif event.status == EventStatus.PUBLISHED and now < event.starts_at:
            rsvp.seat_held_until, kept = rsvp.undo_until, True
    db.session.flush()
    mails.rsvp_cancelled(rsvp, had_seat=was_confirmed, not_before=rsvp.undo_until)
    return Cancelled(rsvp.undo_until, kept, promoted)


def can_undo(rsvp: Rsvp, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        rsvp.status == RsvpStatus.CANCELLED
        and rsvp.undo_until is not None
        and now < rsvp.undo_until
        and rsvp.event.status == EventStatus.PUBLISHED
        and now < rsvp.event.starts_at
    )


def undo_cancel(rsvp_id: int, now: datetime | None = None) -> Rsvp:
    """Take back one's own cancellation: the seat if it was kept or one is free, else the queue."""
    now = now or utcnow()
    event, rsvp = _lock(rsvp_id)
    if not can_undo(rsvp, now):
        raise DomainError(
            "undo_over",
            _("The time to undo is over. If you still want to come, please sign up again."),
        )
    had_seat = rsvp.confirmed_at is not None
    kept = rsvp.seat_held_until is not None and rsvp.seat_held_until > now
    rsvp.seat_held_until = None
    db.session.flush()  # a kept seat no longer counts as held: it is about to be taken
    seated = kept or seats_in_use(event.id, now) < event.capacity
    entry = None
    if not seated and had_seat:
        # Their calendar holds a seat they no longer have: the file that removes it, made
        # while the place is still cancelled; a fresh UID for any seat that comes later,
        # which the cancellation's higher SEQUENCE would otherwise outrank.
        entry = mails.cancellation_entry(rsvp)
        rsvp.calendar_uid = new_uid()
    rsvp.undo_until = rsvp.cancelled_at = None
    # The original queue number stays: back on the waitlist means back in one's old place.
    rsvp.status = RsvpStatus.CONFIRMED if seated else RsvpStatus.WAITLISTED
    try:
        db.session.flush()
    except IntegrityError as error:  # signed up again meanwhile: that sign-up stands
        raise DomainError(
            "duplicate", _("This email is already signed up again for this evening.")
        ) from error
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.rsvp_id == rsvp.id,
            OutboxMessage.kind == "rsvp_cancelled",
            OutboxMessage.status == MailStatus.PENDING,
        )
    )
    if entry is not None:
        mails.back_on_waitlist(rsvp, entry)
    elif seated and not had_seat:  # cancelled from the waitlist, and a seat is free now
        rsvp.confirmed_at = now
        db.session.flush()
        mails.promoted([rsvp])
    return rsvp
