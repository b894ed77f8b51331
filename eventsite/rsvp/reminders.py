"""One reminder per confirmed attendee, 24 to 48 hours before the evening."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from eventsite.events.models import Event, EventStatus
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.rsvp import mails
from eventsite.rsvp.models import Rsvp, RsvpStatus

EARLIEST = timedelta(hours=48)
LATEST = timedelta(hours=24)


def queue_reminders(now: datetime | None = None) -> int:
    """Queue the reminders that are due; safe to run as often as you like."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Rsvp)
        .join(Rsvp.event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now + LATEST,
            Event.starts_at <= now + EARLIEST,
            Rsvp.status == RsvpStatus.CONFIRMED,
            Rsvp.reminder_sent_at.is_(None),
            Rsvp.email.is_not(None),
        )
        .order_by(Rsvp.id)
    ).all()
    queued = 0
    for rsvp in due:
        # The conditional update makes two overlapping runs queue one reminder, not two.
        marked = changed_rows(
            update(Rsvp)
            .where(Rsvp.id == rsvp.id, Rsvp.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        if marked == 1:
            mails.reminder(rsvp)
            queued += 1
        db.session.commit()
    return queued
