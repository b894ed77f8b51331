"""Demo letter tallies for the past demo evenings, so the reports have something to show."""

from datetime import timedelta

from sqlalchemy import select

from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.tallies.models import LetterBatch, LetterTally, PostingMethod


def seed_tallies(chapters: dict) -> None:
    """Tally letters at every past demo evening that has none yet; post the older ones."""
    now = utcnow()
    prisoners = db.session.scalars(
        select(Prisoner.id)
        .where(Prisoner.status == PrisonerStatus.ACTIVE, Prisoner.external_id.like("DEMO-%"))
        .order_by(Prisoner.id)
    ).all()
    tallied = select(LetterTally.id).where(LetterTally.event_id == Event.id).exists()
    posted = select(LetterBatch.id).where(LetterBatch.event_id == Event.id).exists()
    past = db.session.scalars(
        select(Event)
        .where(
            Event.chapter_id.in_([c.id for c in chapters.values()]),
            Event.ends_at < now,
            ~tallied,
            ~posted,
        )
        .order_by(Event.starts_at)
    ).all()
    for n, event in enumerate(past):
        # A different handful of prisoners per evening; counts that vary but stay fixed.
        for i, prisoner_id in enumerate(prisoners[n * 5 : n * 5 + 8]):
            db.session.add(
                LetterTally(
                    event_id=event.id,
                    prisoner_id=prisoner_id,
                    letters=(i * 3 + n) % 5 + 1,
                    postcards=(i + n) % 3,
                    recorded_at=event.ends_at,
                )
            )
        if event.ends_at < now - timedelta(days=14):
            db.session.add(
                LetterBatch(
                    event_id=event.id,
                    posted_on=(event.ends_at + timedelta(days=2)).date(),
                    method=PostingMethod.POST,
                )
            )
    db.session.flush()
