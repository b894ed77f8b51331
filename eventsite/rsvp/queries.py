"""Reading sign-ups: seat counts, the waitlist, one evening's list. Nothing here writes."""

from datetime import datetime

from sqlalchemy import func, select

from eventsite.auth.services import normalise_email
from eventsite.extensions import db
from eventsite.rsvp.models import SEATED, Rsvp, RsvpStatus
from eventsite.security import hash_token


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


def find_live_rsvp(event_id: int, email: str) -> Rsvp | None:
    return db.session.scalar(
        select(Rsvp).where(
            Rsvp.event_id == event_id,
            Rsvp.email == normalise_email(email),
            Rsvp.status != RsvpStatus.CANCELLED,
        )
    )


def find_by_token(token: str) -> Rsvp | None:
    """Return the RSVP a private link belongs to (compared by hash, never stored in clear)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.manage_token_hash == hash_token(token)))


def find_by_confirm_token(token: str) -> Rsvp | None:
    """Return the RSVP an emailed confirmation link belongs to (compared by hash)."""
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


def rsvps_of(event_id: int) -> list[Rsvp]:
    """Every sign-up of an evening, cancelled ones too, in arrival (and waitlist) order."""
    return list(
        db.session.scalars(select(Rsvp).where(Rsvp.event_id == event_id).order_by(Rsvp.queue_seq))
    )


def live_rsvps(event_id: int) -> list[Rsvp]:
    """Confirmed and waiting sign-ups: the people to tell when an evening changes.

    Not those whose address is still unconfirmed: they hear nothing more until it is.
    """
    return list(
        db.session.scalars(
            select(Rsvp).where(
                Rsvp.event_id == event_id,
                Rsvp.status.in_([RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]),
                Rsvp.hold_expires_at.is_(None),
            )
        )
    )


def seats_taken(counts: dict[RsvpStatus, int]) -> int:
    """Confirmed seats and seats held for people who have not confirmed yet."""
    return sum(counts[status] for status in SEATED)


def held_seats(event_id: int, now: datetime) -> int:
    """Seats kept for people who cancelled minutes ago and may still undo it."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Rsvp.event_id == event_id,
                Rsvp.status == RsvpStatus.CANCELLED,
                Rsvp.seat_held_until > now,
            )
        )
        or 0
    )


def seats_in_use(event_id: int, now: datetime) -> int:
    """Seats no newcomer can have: taken, held until an email is confirmed, or kept for an undo."""
    # One query (it runs under the evening's lock on every sign-up): the seats of
    # `seats_taken` plus those of `held_seats`.
    kept = (Rsvp.status == RsvpStatus.CANCELLED) & (Rsvp.seat_held_until > now)
    return (
        db.session.scalar(
            select(func.count()).where(Rsvp.event_id == event_id, Rsvp.status.in_(SEATED) | kept)
        )
        or 0
    )
