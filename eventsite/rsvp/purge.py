"""Delete attendees' personal data a set time after their evening (counts and flags stay).

Nothing may be left behind: the sign-ups' fields are cleared, their mail is deleted
from the outbox (so no message id stays linked to them) and from `instance/outbox/`,
the evening's rendered documents from `instance/print-cache/`,
sign-up forms still queued are dropped, and on SQLite the write-ahead log, which
still holds old copies of the pages, is checkpointed and truncated (`secure_delete`
has already zeroed the freed space inside the database file).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select, update

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.core import filecache
from eventsite.errors import DomainError
from eventsite.events.models import Event
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp.models import Rsvp, SignupRequest

log = logging.getLogger(__name__)

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


@dataclass
class Traces:
    """What a purge removed from the database but may still lie in files."""

    message_ids: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    # Evenings whose rendered documents (sign-in sheets, packs: names) are to be deleted.
    event_ids: set[int] = field(default_factory=set)

    def add(self, other: "Traces") -> None:
        self.message_ids |= other.message_ids
        self.addresses |= other.addresses
        self.event_ids |= other.event_ids


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


def purge_event(event_id: int, actor=None) -> tuple[int, Traces]:
    """Remove the personal data of one evening's sign-ups and all their mail.

    Returns how many sign-ups were cleared and the traces to scrub from files once the
    transaction has committed (`scrub`). Writes the chapter's audit log.
    """
    ids = select(Rsvp.id).where(Rsvp.event_id == event_id)
    traces = Traces(
        message_ids=set(
            db.session.scalars(
                select(OutboxMessage.message_id).where(OutboxMessage.rsvp_id.in_(ids))
            )
        ),
        addresses={
            email.lower()
            for email in db.session.scalars(select(Rsvp.email).where(Rsvp.event_id == event_id))
            if email
        },
        event_ids={event_id},
    )
    # Sent or not, mail about these people goes: bodies, addresses and the link between
    # a message id and a sign-up.
    db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.rsvp_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(SignupRequest)
        .where(SignupRequest.event_id == event_id)
        .execution_options(synchronize_session=False)
    )
    done = changed_rows(
        update(Rsvp)
        .where(Rsvp.event_id == event_id, _has_personal_data())
        .values(**PERSONAL)
        .execution_options(synchronize_session=False)
    )
    chapter_id, title, starts_at = db.session.execute(
        select(Event.chapter_id, Event.title, Event.starts_at).where(Event.id == event_id)
    ).one()
    audit.record(
        chapter_id,
        actor,
        AuditAction.ATTENDEES_PURGED,
        f"#{event_id} {title} ({starts_at:%Y-%m-%d}): {done}",
    )
    return done, traces


def purge_due(retention_days: int, now: datetime | None = None, dry_run=False) -> list[Purged]:
    """Purge every evening that is due (or, with dry_run, only say which). Commits."""
    now = now or utcnow()
    evenings = due(now, retention_days)
    if dry_run:
        return evenings
    traces = Traces()
    for evening in evenings:
        _count, found = purge_event(evening.event_id)
        traces.add(found)
    db.session.commit()
    scrub(traces, mail_older_than=now - timedelta(days=retention_days), vacuum=True)
    return evenings


def purge_now(event: Event, actor=None, now: datetime | None = None) -> tuple[int, Traces]:
    """An organizer purges one evening by hand, once it has ended; call `scrub` after commit."""
    if event.ends_at > (now or utcnow()):
        raise DomainError("not_ended", "")
    return purge_event(event.id, actor)


def scrub(traces: Traces, mail_older_than: datetime | None = None, vacuum: bool = False) -> int:
    """After the commit: delete the purged people's mail files and printed documents, then
    flush SQLite's log.

    `vacuum` (the nightly purge) also rebuilds the database file when it has free
    pages. Returns how many mail files were deleted.
    """
    for event_id in traces.event_ids:
        filecache.drop(event_id)
    deleted = _delete_mail_files(traces, mail_older_than)
    _flush_sqlite(vacuum)
    return deleted


def _delete_mail_files(traces: Traces, older_than: datetime | None) -> int:
    """Development mail (no SMTP server) lands in instance/outbox/ as .eml files."""
    folder = Path(current_app.instance_path) / "outbox"
    parser = BytesHeaderParser(policy=default_policy)
    deleted = 0
    for path in folder.glob("*.eml"):
        old = older_than is not None and path.stat().st_mtime < older_than.timestamp()
        with path.open("rb") as handle:
            headers = parser.parse(handle)
        recipients = {address.lower() for _name, address in getaddresses(headers.get_all("To", []))}
        if old or headers.get("Message-ID") in traces.message_ids or recipients & traces.addresses:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _flush_sqlite(vacuum: bool) -> None:
    """Copy the write-ahead log into the database and truncate it to nothing.

    The log holds earlier versions of changed pages, names and emails included, until
    a checkpoint; TRUNCATE leaves a zero-length file. Space freed inside the database
    file is zeroed as it is freed (secure_delete, on every connection); VACUUM rebuilds
    the file, which also clears pages freed before secure_delete was on (databases from
    older versions). It locks the database while it runs, so only the nightly purge does it.
    """
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if vacuum and conn.exec_driver_sql("PRAGMA freelist_count").scalar():
            conn.exec_driver_sql("VACUUM")
        busy, _frames, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if busy:
            log.warning("The SQLite log could not be truncated yet (readers busy); it will be.")
