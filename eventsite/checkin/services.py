"""On the night: the check-in list, arrivals, walk-ins."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from eventsite.core.names import clean_name
from eventsite.errors import DomainError
from eventsite.events.models import Event
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.prisoners.text import name_matches, normalise
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.services import lock_event, new_door_code
from eventsite.seating import assign
from eventsite.seating.services import tables_of


def people(event_id: int) -> list[Rsvp]:
    """Everyone expected or present: confirmed sign-ups and walk-ins, by name."""
    rows = db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED)
    ).all()
    return sorted(rows, key=lambda r: (normalise(r.name or ""), r.id))


def matches(rsvp: Rsvp, query: str) -> bool:
    """Filter by any part of the name, in either alphabet (ё = е, any case), or door code."""
    query = query.strip()
    if not query:
        return True
    if rsvp.door_code and query.upper().replace(" ", "") == rsvp.door_code:
        return True
    return name_matches(query, rsvp.name)


SHOW = ("all", "expected", "arrived")


def shown(rows: list[Rsvp], show: str) -> list[Rsvp]:
    """Expected people first, then those who arrived; or only one of the two."""
    expected = [r for r in rows if r.checked_in_at is None]
    arrived = [r for r in rows if r.checked_in_at is not None]
    return {"expected": expected, "arrived": arrived}.get(show, expected + arrived)


@dataclass(frozen=True)
class Counts:
    expected: int
    arrived: int
    walk_ins: int
    seats_left: int
    over_capacity: int


def counts(event: Event, everyone: list[Rsvp]) -> Counts:
    signed_up = [r for r in everyone if not r.is_walk_in]
    taken = len(everyone)
    return Counts(
        expected=len(signed_up),
        arrived=sum(1 for r in everyone if r.checked_in_at),
        walk_ins=sum(1 for r in everyone if r.is_walk_in),
        seats_left=max(event.capacity - taken, 0),
        over_capacity=max(taken - event.capacity, 0),
    )


def _rsvp_of(event: Event, rsvp_id: int) -> Rsvp:
    rsvp = db.session.scalar(
        select(Rsvp).where(
            Rsvp.id == rsvp_id, Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED
        )
    )
    if rsvp is None:
        raise DomainError("not_found", _("That person is not on this evening's list."))
    return rsvp


def check_in(event: Event, rsvp_id: int, now: datetime | None = None) -> bool:
    """Mark someone arrived; False if they already were (two hosts tapping at once)."""
    _rsvp_of(event, rsvp_id)
    done = changed_rows(
        update(Rsvp)
        .where(Rsvp.id == rsvp_id, Rsvp.checked_in_at.is_(None))
        # Someone marked as not come who turns up late has come after all.
        .values(checked_in_at=now or utcnow(), no_show_at=None)
        .execution_options(synchronize_session=False)
    )
    return done == 1


def undo_check_in(event: Event, rsvp_id: int) -> None:
    _rsvp_of(event, rsvp_id).checked_in_at = None
    db.session.flush()


def add_walk_in(event: Event, name: str, reads_russian: bool, now: datetime | None = None) -> Rsvp:
    """Check in someone who did not sign up and seat them where there is room.

    Walk-ins may go beyond the evening's capacity: the room decides, the page shows it.
    """
    now = now or utcnow()
    clean = clean_name(name)
    if clean is None:
        raise DomainError("name", _("A name needs at least one letter."))
    event, seq = lock_event(event.id)
    everyone = people(event.id)
    tables = [assign.Table(t.id, t.label, t.seats) for t in tables_of(event.id)]
    rsvp = Rsvp(
        event_id=event.id,
        name=clean,
        status=RsvpStatus.CONFIRMED,
        queue_seq=seq,
        reads_russian=reads_russian,
        first_time=False,
        is_walk_in=True,
        checked_in_at=now,
        confirmed_at=now,
        created_at=now,
        door_code=new_door_code(event.id),
    )
    db.session.add(rsvp)
    db.session.flush()
    rsvp.table_id = assign.seat_one(
        tables,
        [assign.AttendeeIn(r.id, r.reads_russian, r.first_time) for r in everyone],
        {r.id: r.table_id for r in everyone if r.table_id},
        assign.AttendeeIn(rsvp.id, reads_russian, False),
    )
    db.session.flush()
    return rsvp
