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
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from eventsite.auth.services import normalise_email
from eventsite.errors import DomainError
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from eventsite.rsvp.models import SEATED, Rsvp, RsvpStatus
from eventsite.security import derived_token, hash_token

MANAGE_PURPOSE = "rsvp-manage"
CONFIRM_PURPOSE = "rsvp-confirm"
# No 0/O/Q/D, 1/I/L/J, 2/Z, 5/S, 8/B, 6/G, U/V: easy to read aloud and to type on a phone.
DOOR_ALPHABET = "ACEFHKMNPRTWXY3479"
DOOR_CODE_LENGTH = 6


def lock_event(event_id: int) -> tuple[Event, int]:
    """Serialise RSVP changes for an evening; return it, freshly read, and a sequence number."""
    seq = db.session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(rsvp_seq=Event.rsvp_seq + 1)
        .returning(Event.rsvp_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return db.session.get(Event, event_id, populate_existing=True), seq


def count_by_status(event_id: int) -> dict[RsvpStatus, int]:
    rows = db.session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    counts = dict.fromkeys(RsvpStatus, 0)
    counts.update(dict(rows.all()))
    return counts


def counts_for(event_ids: list[int]) -> dict[int, dict[RsvpStatus, int]]:
    """Seat counts for many evenings in one query."""
    result = {event_id: dict.fromkeys(RsvpStatus, 0) for event_id in event_ids}
    if event_ids:
        rows = db.session.execute(
            select(Rsvp.event_id, Rsvp.status, func.count())
            .where(Rsvp.event_id.in_(event_ids))
            .group_by(Rsvp.event_id, Rsvp.status)
        )
        for event_id, status, n in rows:
            result[event_id][status] = n
    return result


def seats_taken(counts: dict[RsvpStatus, int]) -> int:
    """Confirmed seats and seats held for people who have not confirmed yet."""
    return sum(counts[status] for status in SEATED)


def closed_reason(event: Event, now: datetime) -> str:
    if event.status == EventStatus.CANCELLED:
        return _("This evening has been cancelled.")
    if now >= event.starts_at:
        return _("This evening has already started, so sign-up is closed.")
    return _("Sign-up for this evening has closed.")


def find_live_rsvp(event_id: int, email: str) -> Rsvp | None:
    return db.session.scalar(
        select(Rsvp).where(
            Rsvp.event_id == event_id,
            Rsvp.email == normalise_email(email),
            Rsvp.status != RsvpStatus.CANCELLED,
        )
    )


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
    event, seq = lock_event(event_id)
    if event.status == EventStatus.DRAFT:
        raise DomainError("not_found", _("This evening does not exist."))
    if not event.is_open_for_rsvp(now):
        raise DomainError("closed", closed_reason(event, now))
    expire_holds_of(event, now)
    if find_live_rsvp(event_id, email) is not None:
        raise DomainError("duplicate", _("This email is already signed up for this evening."))
    seated = seats_taken(count_by_status(event_id)) < event.capacity
    salt, token = new_link()
    if confirm_by_email:
        status = RsvpStatus.PENDING if seated else RsvpStatus.WAITLISTED
    else:
        status = RsvpStatus.CONFIRMED if seated else RsvpStatus.WAITLISTED
    rsvp = Rsvp(
        event_id=event_id,
        name=name.strip(),
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
        notify().confirm_signup(rsvp)
    else:
        notify().rsvp_created(rsvp)
    return rsvp, token


def hold_expiry(event: Event, now: datetime) -> datetime:
    """RSVP_CONFIRM_HOURS from now, and never later than the evening's start."""
    hours = current_app.config.get("RSVP_CONFIRM_HOURS", 2)
    return min(now + timedelta(hours=hours), event.starts_at)


def expire_holds_of(event: Event, now: datetime) -> int:
    """Let the evening's lapsed holds go as cancellations go; return how many lapsed.

    Their seats pass down the waitlist in order. Call only while holding the lock.
    """
    lapsed = db.session.scalars(
        select(Rsvp).where(
            Rsvp.event_id == event.id,
            Rsvp.hold_expires_at <= now,
            Rsvp.status != RsvpStatus.CANCELLED,
        )
    ).all()
    if not lapsed:
        return 0
    freed = False
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


def notify():
    """The mail module, imported late: it needs calendars, which need this module."""
    from eventsite.mail import notify

    return notify


def find_by_token(token: str) -> Rsvp | None:
    """Return the RSVP a private link belongs to (compared by hash, never stored in clear)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.manage_token_hash == hash_token(token)))


def new_link() -> tuple[str, str]:
    """Return a fresh salt to store and the private link token made from it."""
    salt = secrets.token_hex(16)
    return salt, derived_token(MANAGE_PURPOSE, salt)


def manage_token(rsvp: Rsvp) -> str | None:
    """The private link token of an RSVP, for emails; None once its data is purged."""
    return derived_token(MANAGE_PURPOSE, rsvp.token_salt) if rsvp.token_salt else None


def derived_confirm_token(rsvp: Rsvp) -> str | None:
    """The confirmation token an RSVP was given (even once used), while its salt exists."""
    return derived_token(CONFIRM_PURPOSE, rsvp.token_salt) if rsvp.token_salt else None


def confirm_token(rsvp: Rsvp) -> str | None:
    """The emailed confirmation link's token while the RSVP awaits confirmation."""
    if not rsvp.token_salt or not rsvp.confirm_token_hash:
        return None
    return derived_token(CONFIRM_PURPOSE, rsvp.token_salt)


def find_by_confirm_token(token: str) -> Rsvp | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.confirm_token_hash == hash_token(token)))


def waitlist_position(rsvp: Rsvp) -> int | None:
    """1 for the first person waiting; None when not on the waitlist."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    return db.session.scalar(
        select(func.count()).where(
            Rsvp.event_id == rsvp.event_id,
            Rsvp.status == RsvpStatus.WAITLISTED,
            Rsvp.queue_seq <= rsvp.queue_seq,
        )
    )


def fill_from_waitlist(event: Event, now: datetime) -> list[Rsvp]:
    """Seat waiting people, first come first served, while seats are free.

    Someone whose email is still unconfirmed gets the seat as a hold that lapses when
    their confirmation link does. Call only while holding the evening's lock.
    """
    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return []
    free = event.capacity - seats_taken(count_by_status(event.id))
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
    notify().promoted(promoted)
    return seated


def cancel_rsvp(rsvp_id: int, now: datetime | None = None) -> list[Rsvp]:
    """Cancel an RSVP (twice is fine) and return whoever got the freed seat."""
    now = now or utcnow()
    event_id = db.session.scalar(select(Rsvp.event_id).where(Rsvp.id == rsvp_id))
    event, _seq = lock_event(event_id)
    rsvp = db.session.get(Rsvp, rsvp_id, populate_existing=True)
    freed = _cancel_locked(rsvp, now)
    db.session.flush()
    return fill_from_waitlist(event, now) if freed else []


def _cancel_locked(rsvp: Rsvp, now: datetime) -> bool:
    """Cancel under the evening's lock; True when it frees a seat."""
    if rsvp.status == RsvpStatus.CANCELLED:
        return False
    freed = rsvp.status in SEATED
    rsvp.status = RsvpStatus.CANCELLED
    rsvp.cancelled_at = now
    rsvp.table_id, rsvp.table_manual = None, False  # the seat at the table is free again
    return freed
