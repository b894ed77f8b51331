"""RSVP rules: seats, the waitlist, email confirmation, cancellation and promotion.

Every change for one evening first bumps `event.rsvp_seq` with an UPDATE. That
row write is the lock: on PostgreSQL it waits for any other transaction holding
the row, on SQLite it takes the database write lock (others queue on the busy
timeout). Counting seats after it is therefore safe from read-then-write races,
and the returned number orders the waitlist first come, first served.

Sign-ups made on the site are unconfirmed until the emailed link is opened: a
*pending* RSVP holds a seat (it counts against capacity), an unconfirmed waitlist
place keeps its turn. Either lapses at `hold_expires_at` and goes the way a
cancellation goes, under the same lock. Walk-ins and people an organizer adds are
confirmed at once.
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from eventsite.auth.services import normalise_email
from eventsite.core.names import clean_name
from eventsite.errors import DomainError
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.rsvp import mails
from eventsite.rsvp.models import SEATED, Rsvp, RsvpStatus
from eventsite.rsvp.queries import find_live_rsvp, seats_in_use
from eventsite.rsvp.tokens import CONFIRM_PURPOSE, new_link
from eventsite.security import derived_token, hash_token

# No 0/O/Q/D, 1/I/L/J, 2/Z, 5/S, 8/B, 6/G, U/V: easy to read aloud and to type on a phone.
DOOR_ALPHABET = "ACEFHKMNPRTWXY3479"
DOOR_CODE_LENGTH = 6


def lock_event(event_id: int) -> tuple[Event, int]:
    """Serialise RSVP changes for an evening; return it, freshly read, and a sequence number."""
    # One statement takes the lock and reads the row as it is now (RETURNING the whole
    # evening refreshes the instance in the session, if any).
    event = db.session.scalars(
        update(Event)
        .where(Event.id == event_id)
        # updated_at stays: it says when the evening itself changed (calendars read it).
        .values(rsvp_seq=Event.rsvp_seq + 1, updated_at=Event.updated_at)
        .returning(Event)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).one()
    return event, event.rsvp_seq


def closed_reason(event: Event, now: datetime) -> str:
    if event.status == EventStatus.CANCELLED:
        return _("This evening has been cancelled.")
    if now >= event.starts_at:
        return _("This evening has already started, so sign-up is closed.")
    return _("Sign-up for this evening has closed.")


def create_rsvp(
    event_id: int,
    *,
    name: str,
    email: str,
    reads_russian: bool = False,
    first_time: bool = False,
    note: str = "",
    language: str = "en",
    confirm_by_email: bool = False,
    now: datetime | None = None,
) -> tuple[Rsvp, str]:
    """Take a seat if one is free, else a place on the waitlist; return it and its token.

    With `confirm_by_email` (sign-ups on the site) the seat is only held, and the
    person is mailed a link to confirm it; otherwise (an organizer adding someone)
    it is theirs at once and they get their private link.
    """
    now = now or utcnow()
    clean = clean_name(name)
    if clean is None:
        raise DomainError("name", _("A name needs at least one letter."))
    event, seq = lock_event(event_id)
    if event.status == EventStatus.DRAFT:
        raise DomainError("not_found", _("This evening does not exist."))
    if not event.is_open_for_rsvp(now):
        raise DomainError("closed", closed_reason(event, now))
    expire_holds_of(event, now)
    if find_live_rsvp(event_id, email) is not None:
        raise DomainError("duplicate", _("This email is already signed up for this evening."))
    seated = seats_in_use(event_id, now) < event.capacity
    if confirm_by_email:
        status = RsvpStatus.PENDING if seated else RsvpStatus.WAITLISTED
    else:
        status = RsvpStatus.CONFIRMED if seated else RsvpStatus.WAITLISTED
    salt, token = new_link()
    rsvp = Rsvp(
        event_id=event_id,
        name=clean,
        email=normalise_email(email),
        note=note.strip(),
        manage_token_hash=hash_token(token),
        token_salt=salt,
        status=status,
        queue_seq=seq,
        reads_russian=reads_russian,
        first_time=first_time,
        language=language,
        created_at=now,
        confirmed_at=now if status == RsvpStatus.CONFIRMED else None,
        door_code=new_door_code(event_id),
    )
    if confirm_by_email:
        rsvp.confirm_token_hash = hash_token(derived_token(CONFIRM_PURPOSE, salt))
        rsvp.hold_expires_at = hold_expiry(event, now)
    db.session.add(rsvp)
    try:
        db.session.flush()
    except IntegrityError as error:  # the partial unique index caught a duplicate
        raise DomainError(
            "duplicate", _("This email is already signed up for this evening.")
        ) from error
    if confirm_by_email:
        mails.confirm_signup(rsvp)
    else:
        mails.rsvp_created(rsvp)
    return rsvp, token


def hold_expiry(event: Event, now: datetime) -> datetime:
    """RSVP_CONFIRM_HOURS from now, and never later than the evening's start."""
    hours = current_app.config.get("RSVP_CONFIRM_HOURS", 2)
    return min(now + timedelta(hours=hours), event.starts_at)


def expire_holds_of(event: Event, now: datetime) -> int:
    """Let the evening's lapsed holds go as cancellations go; return how many lapsed.

    Their seats pass down the waitlist in order, as do seats kept for an undo whose
    ten minutes are over. Call only while holding the lock.
    """
    # One query for both (it runs on every sign-up), split below.
    lapsing = (Rsvp.hold_expires_at <= now) & (Rsvp.status != RsvpStatus.CANCELLED)
    due = db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event.id, lapsing | (Rsvp.seat_held_until <= now))
    ).all()
    if not due:
        return 0
    lapsed = [
        rsvp
        for rsvp in due
        if rsvp.hold_expires_at is not None
        and rsvp.hold_expires_at <= now
        and rsvp.status != RsvpStatus.CANCELLED
    ]
    kept = [
        rsvp for rsvp in due if rsvp.seat_held_until is not None and rsvp.seat_held_until <= now
    ]
    for rsvp in kept:
        rsvp.seat_held_until = None
    freed = bool(kept)
    for rsvp in lapsed:
        freed |= _cancel_locked(rsvp, now)
        rsvp.confirm_token_hash = None
    db.session.flush()
    if freed:
        fill_from_waitlist(event, now)
    return len(lapsed)


def new_door_code(event_id: int) -> str:
    """A door code not yet used at this evening (call under the evening's lock)."""
    while True:
        code = "".join(secrets.choice(DOOR_ALPHABET) for _ in range(DOOR_CODE_LENGTH))
        taken = db.session.scalar(
            select(Rsvp.id).where(Rsvp.event_id == event_id, Rsvp.door_code == code)
        )
        if taken is None:
            return code


def fill_from_waitlist(event: Event, now: datetime) -> list[Rsvp]:
    """Seat waiting people, first come first served, while seats are free.

    Someone whose email is still unconfirmed gets the seat as a hold that lapses when
    their confirmation link does. Call only while holding the evening's lock.
    """
    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return []
    free = event.capacity - seats_in_use(event.id, now)
    if free <= 0:
        return []
    seated = list(
        db.session.scalars(
            select(Rsvp)
            .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED)
            .order_by(Rsvp.queue_seq)
            .limit(free)
        )
    )
    promoted = []
    for rsvp in seated:
        if rsvp.hold_expires_at is not None:
            rsvp.status = RsvpStatus.PENDING
        else:
            rsvp.status, rsvp.confirmed_at = RsvpStatus.CONFIRMED, now
            promoted.append(rsvp)
    db.session.flush()
    mails.promoted(promoted)
    return seated


def cancel_rsvp(rsvp_id: int, now: datetime | None = None) -> list[Rsvp]:
    """Cancel an RSVP (twice is fine) and return whoever got the freed seat."""
    now = now or utcnow()
    event_id = db.session.scalar(select(Rsvp.event_id).where(Rsvp.id == rsvp_id))
    if event_id is None:
        raise DomainError("not_found", _("That sign-up does not exist."))
    event, _seq = lock_event(event_id)
    rsvp = db.session.get_one(Rsvp, rsvp_id, populate_existing=True)
    if rsvp.status == RsvpStatus.CANCELLED:
        return []
    was_confirmed = rsvp.status == RsvpStatus.CONFIRMED
    freed = _cancel_locked(rsvp, now)
    db.session.flush()
    if not rsvp.is_unconfirmed:
        mails.rsvp_cancelled(rsvp, had_seat=was_confirmed)
    return fill_from_waitlist(event, now) if freed else []


def _cancel_locked(rsvp: Rsvp, now: datetime) -> bool:
    """Cancel under the evening's lock; True when it frees a seat (a confirmed or held one)."""
    if rsvp.status == RsvpStatus.CANCELLED:
        return False
    freed = rsvp.status in SEATED
    rsvp.status = RsvpStatus.CANCELLED
    rsvp.cancelled_at = now
    rsvp.table_id, rsvp.table_manual = None, False  # the seat at the table is free again
    return freed


# --- organizers, one sign-up at a time (same lock as the attendees' own changes) --------


def _locked(event_id: int, rsvp_id: int) -> tuple[Event, Rsvp]:
    event, _seq = lock_event(event_id)
    rsvp = db.session.scalar(
        select(Rsvp)
        .where(Rsvp.id == rsvp_id, Rsvp.event_id == event_id)
        .execution_options(populate_existing=True)
    )
    if rsvp is None:
        raise DomainError("not_found", _("That sign-up does not exist."))
    return event, rsvp


def cancel_for_attendee(
    event_id: int, rsvp_id: int, *, notify: bool, now: datetime | None = None
) -> list[Rsvp]:
    """An organizer cancels someone's place, telling them by email or not."""
    now = now or utcnow()
    event, rsvp = _locked(event_id, rsvp_id)
    if rsvp.status == RsvpStatus.CANCELLED:
        return []
    was_confirmed = rsvp.status == RsvpStatus.CONFIRMED
    unconfirmed = rsvp.is_unconfirmed
    freed = _cancel_locked(rsvp, now)
    rsvp.confirm_token_hash = None
    db.session.flush()
    if notify and not unconfirmed:  # an address never confirmed gets no mail but its link
        mails.cancelled_by_organizer(rsvp, had_seat=was_confirmed)
    return fill_from_waitlist(event, now) if freed else []


def remove(event_id: int, rsvp_id: int, now: datetime | None = None) -> list[Rsvp]:
    """Delete a sign-up outright (a troll's): no mail, nothing kept, its unsent mail dropped."""
    now = now or utcnow()
    event, rsvp = _locked(event_id, rsvp_id)
    # A seat kept for an undo frees up too when its row goes.
    freed = rsvp.status in SEATED or rsvp.seat_held_until is not None
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.rsvp_id == rsvp.id, OutboxMessage.status == MailStatus.PENDING
        )
    )
    db.session.delete(rsvp)
    db.session.flush()
    return fill_from_waitlist(event, now) if freed else []


def add_by_hand(
    event_id: int,
    *,
    name: str,
    email: str | None,
    reads_russian: bool = False,
    first_time: bool = False,
    notify: bool = True,
    language: str = "en",
    now: datetime | None = None,
) -> tuple[Rsvp, bool]:
    """An organizer adds someone, confirmed at once even beyond the seats.

    Returns the sign-up and whether the evening is now over its seats.
    """
    now = now or utcnow()
    clean = clean_name(name)
    if clean is None:
        raise DomainError("name", _("A name needs at least one letter."))
    event, seq = lock_event(event_id)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("closed", _("This evening has been cancelled."))
    expire_holds_of(event, now)
    address = normalise_email(email) if email else None
    if address and find_live_rsvp(event_id, address) is not None:
        raise DomainError("duplicate", _("This email is already signed up for this evening."))
    salt, token = new_link()
    rsvp = Rsvp(
        event_id=event_id,
        name=clean,
        email=address,
        note="",
        manage_token_hash=hash_token(token),
        token_salt=salt,
        status=RsvpStatus.CONFIRMED,
        queue_seq=seq,
        reads_russian=reads_russian,
        first_time=first_time,
        language=language,
        created_at=now,
        confirmed_at=now,
        door_code=new_door_code(event_id),
    )
    db.session.add(rsvp)
    db.session.flush()
    if notify and address:
        mails.rsvp_created(rsvp)
    return rsvp, seats_in_use(event_id, now) > event.capacity


def promote(event_id: int, rsvp_id: int, now: datetime | None = None) -> bool:
    """Give someone on the waitlist a seat now, even beyond the seats; True if over them."""
    now = now or utcnow()
    event, rsvp = _locked(event_id, rsvp_id)
    if rsvp.status != RsvpStatus.WAITLISTED:
        raise DomainError("not_waiting", _("That person is not on the waitlist."))
    if rsvp.hold_expires_at is not None:
        # Email not confirmed yet: the seat is held for them until their link lapses.
        rsvp.status = RsvpStatus.PENDING
        db.session.flush()
    else:
        rsvp.status = RsvpStatus.CONFIRMED
        rsvp.confirmed_at = now
        db.session.flush()
        mails.promoted([rsvp])
    return seats_in_use(event_id, now) > event.capacity


def edit_attendee(
    event_id: int, rsvp_id: int, *, name: str, reads_russian: bool, first_time: bool
) -> Rsvp:
    """Correct a name or the flags (the attendee's own page and organizers use this)."""
    clean = clean_name(name)
    if clean is None:
        raise DomainError("name", _("A name needs at least one letter."))
    _event, rsvp = _locked(event_id, rsvp_id)
    rsvp.name, rsvp.reads_russian, rsvp.first_time = clean, reads_russian, first_time
    db.session.flush()
    return rsvp


def mark_no_show(
    event_id: int, rsvp_id: int, *, no_show: bool = True, now: datetime | None = None
) -> Rsvp:
    """Mark (or unmark) a confirmed person who did not come, once the evening has begun."""
    now = now or utcnow()
    event, rsvp = _locked(event_id, rsvp_id)
    if now < event.starts_at:
        raise DomainError("not_started", _("No-shows can be marked once the evening has begun."))
    if rsvp.status != RsvpStatus.CONFIRMED:
        raise DomainError("no_seat", _("Only someone with a seat can be marked as a no-show."))
    if no_show and rsvp.checked_in_at is not None:
        raise DomainError("arrived", _("This person was checked in: undo the check-in first."))
    rsvp.no_show_at = now if no_show else None
    db.session.flush()
    return rsvp
