"""Delete attendees' personal data a set time after their evening (counts and flags stay)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select, update

from eventsite.errors import DomainError
from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.rsvp.models import Rsvp

PERSONAL = {
    "name": None,
    "email": None,
    "note": None,
    "door_code": None,
    "token_salt": None,
    "manage_token_hash": None,
    "confirm_token_hash": None,
}


@dataclass(frozen=True)
class Purged:
    event_id: int
    title: str
    ended: datetime
    people: int


def due(now: datetime, retention_days: int) -> list[Purged]:
    """Evenings that ended more than `retention_days` ago and still hold personal data."""
    cutoff = now - timedelta(days=retention_days)
    rows = db.session.execute(
        select(Event.id, Event.title, Event.ends_at, func.count(Rsvp.id))
        .join(Rsvp, Rsvp.event_id == Event.id)
        .where(Event.ends_at < cutoff, _has_personal_data())
        .group_by(Event.id, Event.title, Event.ends_at)
        .order_by(Event.ends_at)
    ).all()
    return [Purged(*row) for row in rows]


def _has_personal_data():
    return (
        Rsvp.name.is_not(None)
        | Rsvp.email.is_not(None)
        | Rsvp.note.is_not(None)
        | Rsvp.door_code.is_not(None)
        | Rsvp.token_salt.is_not(None)
    )


def purge_event(event_id: int) -> int:
    """Remove the personal data of one evening's RSVPs and their queued mail."""
    ids = select(Rsvp.id).where(Rsvp.event_id == event_id)
    # Mail still waiting would carry names and links: it goes too.
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.rsvp_id.in_(ids), OutboxMessage.status != MailStatus.SENT
        )
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.rsvp_id.in_(ids))
        .values(raw=None, to_addr=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    done = db.session.execute(
        update(Rsvp)
        .where(Rsvp.event_id == event_id, _has_personal_data())
        .values(**PERSONAL)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount


def purge_due(retention_days: int, now: datetime | None = None, dry_run=False) -> list[Purged]:
    """Purge every evening that is due (or, with dry_run, only say which)."""
    now = now or utcnow()
    evenings = due(now, retention_days)
    if not dry_run:
        for evening in evenings:
            purge_event(evening.event_id)
        _delete_old_mail_files(now - timedelta(days=retention_days))
    return evenings


def _delete_old_mail_files(before: datetime) -> None:
    """Development mail (no SMTP server) lands in instance/outbox/; old files go too."""
    folder = Path(current_app.instance_path) / "outbox"
    for path in folder.glob("*.eml"):
        if path.stat().st_mtime < before.timestamp():
            path.unlink(missing_ok=True)


def purge_now(event: Event, now: datetime | None = None) -> int:
    """An organizer purges one evening by hand, once it has ended."""
    if event.ends_at > (now or utcnow()):
        raise DomainError("not_ended", "")
    return purge_event(event.id)
