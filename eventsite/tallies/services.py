"""After the evening: letters written per prisoner, and the batch posted."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.errors import DomainError
from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.tallies.models import LetterBatch, LetterTally, PostingMethod


def batch_of(event_id: int) -> LetterBatch | None:
    return db.session.scalar(select(LetterBatch).where(LetterBatch.event_id == event_id))


def tallies_of(event_id: int) -> dict[int, LetterTally]:
    rows = db.session.scalars(select(LetterTally).where(LetterTally.event_id == event_id))
    return {row.prisoner_id: row for row in rows}


def save_tallies(event: Event, counts: dict[int, tuple[int, int]], user) -> None:
    """Record letters and postcards per prisoner; refused once the batch is posted."""
    if batch_of(event.id) is not None:
        raise DomainError("posted", _("These letters are posted: the tally is locked."))
    existing = tallies_of(event.id)
    for prisoner_id, (letters, postcards) in counts.items():
        if letters < 0 or postcards < 0:
            raise DomainError("negative", _("Counts are whole numbers, 0 or more."))
        row = existing.get(prisoner_id)
        if row is None:
            if not letters and not postcards:
                continue
            row = LetterTally(event_id=event.id, prisoner_id=prisoner_id)
            db.session.add(row)
        row.letters, row.postcards = letters, postcards
        row.recorded_by, row.recorded_at = user, utcnow()
    db.session.flush()


def posting_blocked(event: Event, now: datetime | None = None) -> str | None:
    """Why the letters cannot be marked as posted yet, or None if they can."""
    if (now or utcnow()) < event.starts_at:
        return _("Letters can be marked as posted once the evening has started.")
    counted = db.session.scalar(
        select(LetterTally.id)
        .where(LetterTally.event_id == event.id, LetterTally.letters + LetterTally.postcards > 0)
        .limit(1)
    )
    if counted is None:
        return _("Enter and save at least one count before marking the letters as posted.")
    return None


def mark_posted(
    event: Event, posted_on: date, method: PostingMethod, user, now: datetime | None = None
) -> LetterBatch:
    """Lock the tally: only after the evening has started and once something was counted."""
    if batch_of(event.id) is not None:
        raise DomainError("posted", _("This evening's letters are already marked as posted."))
    reason = posting_blocked(event, now)
    if reason is not None:
        raise DomainError("too_early", reason)
    if posted_on < to_local(event.starts_at, event.chapter.timezone).date():
        raise DomainError("before_evening", _("The letters cannot be posted before the evening."))
    batch = LetterBatch(event_id=event.id, posted_on=posted_on, method=method, posted_by=user)
    db.session.add(batch)
    db.session.flush()
    return batch


def unlock(event: Event) -> None:
    """Undo "posted": the tally can be changed again (an organizer's decision)."""
    batch = batch_of(event.id)
    if batch is None:
        raise DomainError("not_posted", _("These letters are not marked as posted."))
    db.session.delete(batch)
    db.session.flush()
