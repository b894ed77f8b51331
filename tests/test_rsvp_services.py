"""Seats, waitlist, cancellation and promotion, called as plain services."""

from datetime import timedelta

import pytest

from eventsite.errors import DomainError
from eventsite.events import services as events
from eventsite.events.models import EventStatus
from eventsite.extensions import db, utcnow
from eventsite.rsvp import queries, services
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_event, make_rsvp


def test_seats_fill_then_the_waitlist_starts(app):
    event = make_event(capacity=2)
    statuses = [make_rsvp(event)[0].status for _ in range(4)]
    assert statuses == [RsvpStatus.CONFIRMED] * 2 + [RsvpStatus.WAITLISTED] * 2
    waiting = db.session.scalars(
        db.select(Rsvp).where(Rsvp.status == RsvpStatus.WAITLISTED).order_by(Rsvp.queue_seq)
    ).all()
    assert [queries.waitlist_position(r) for r in waiting] == [1, 2]


def test_cancelling_a_seat_promotes_the_first_waiting(app):
    event = make_event(capacity=1)
    first, _ = make_rsvp(event)
    second, _ = make_rsvp(event)
    third, _ = make_rsvp(event)
    promoted = services.cancel_rsvp(first.id)
    db.session.commit()
    assert [r.id for r in promoted] == [second.id]
    assert second.status == RsvpStatus.CONFIRMED
    assert queries.waitlist_position(third) == 1


def test_cancelling_from_the_waitlist_promotes_nobody(app):
    event = make_event(capacity=1)
    make_rsvp(event)
    waiting, _ = make_rsvp(event)
    last, _ = make_rsvp(event)
    assert services.cancel_rsvp(waiting.id) == []
    assert queries.waitlist_position(last) == 1


def test_cancelling_twice_is_harmless(app):
    event = make_event(capacity=1)
    rsvp, _ = make_rsvp(event)
    make_rsvp(event)
    assert len(services.cancel_rsvp(rsvp.id)) == 1
    assert services.cancel_rsvp(rsvp.id) == []
    assert queries.count_by_status(event.id)[RsvpStatus.CONFIRMED] == 1


def test_same_email_cannot_sign_up_twice_but_can_after_cancelling(app):
    event = make_event()
    rsvp, _ = make_rsvp(event, email="Olga@Example.org")
    with pytest.raises(DomainError) as error:
        make_rsvp(event, email=" olga@example.org")
    assert error.value.code == "duplicate"
    db.session.rollback()
    services.cancel_rsvp(rsvp.id)
    db.session.commit()
    again, _ = make_rsvp(event, email="olga@example.org")
    assert again.status == RsvpStatus.CONFIRMED


def test_the_database_refuses_a_second_live_rsvp_for_one_email(app):
    event = make_event()
    make_rsvp(event, email="x@example.org")
    db.session.add(
        Rsvp(
            event_id=event.id,
            name="Dup",
            email="x@example.org",
            status=RsvpStatus.WAITLISTED,
            queue_seq=99,
        )
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        db.session.commit()
    db.session.rollback()


@pytest.mark.dates
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"rsvp_deadline": lambda now: now - timedelta(minutes=1)}, "closed"),
        ({"starts_at": lambda now: now - timedelta(minutes=1)}, "closed"),
        ({"status": lambda now: EventStatus.CANCELLED}, "closed"),
        ({"status": lambda now: EventStatus.DRAFT}, "not_found"),
    ],
)
def test_rsvps_close_at_deadline_start_or_cancellation(app, change, code):
    now = utcnow()
    event = make_event(**{k: f(now) for k, f in change.items()})
    with pytest.raises(DomainError) as error:
        make_rsvp(event)
    assert error.value.code == code
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 0


def test_more_seats_seat_the_waiting_in_order(app):
    event = make_event(capacity=1)
    make_rsvp(event)
    waiting = [make_rsvp(event)[0] for _ in range(3)]
    schedule = _same_schedule(event)
    promoted = events.update_event(event, schedule, capacity=3).promoted
    db.session.commit()
    assert [r.id for r in promoted] == [waiting[0].id, waiting[1].id]
    assert waiting[2].status == RsvpStatus.WAITLISTED


def test_cancelled_evening_keeps_its_rsvps_and_bumps_the_sequence(app):
    event = make_event()
    make_rsvp(event)
    before = event.sequence
    events.cancel(event)
    db.session.commit()
    assert event.status == EventStatus.CANCELLED
    assert event.sequence == before + 1
    assert queries.count_by_status(event.id)[RsvpStatus.CONFIRMED] == 1


def _same_schedule(event):
    from eventsite.events.services import Schedule
    from eventsite.events.timeutil import to_local

    starts = to_local(event.starts_at, event.chapter.timezone)
    ends = to_local(event.ends_at, event.chapter.timezone)
    return Schedule(day=starts.date(), starts=starts.time(), ends=ends.time())


def test_cancelling_a_sign_up_that_does_not_exist_is_refused(app):
    with pytest.raises(DomainError) as refused:
        services.cancel_rsvp(999_999)
    assert refused.value.code == "not_found"
