"""Write and read a chapter's audit log. Entries name evenings and members, never attendees."""

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.extensions import db, utcnow

# Opening the same attendee list again within this time adds no new line.
VIEW_WINDOW = timedelta(hours=1)
SUBJECT_MAX = 300


def record(
    chapter_id: int,
    actor,
    action: AuditAction,
    subject: str = "",
    *,
    member=None,
    once_per: timedelta | None = None,
    now: datetime | None = None,
) -> AuditEntry | None:
    """Add a line to the chapter's log in the caller's transaction.

    `actor` is a user or None (the system). With `once_per`, a line just like one
    written within that time is not repeated (views of a list a host keeps open).
    """
    now = now or utcnow()
    actor_id = getattr(actor, "id", None)
    subject = " ".join(subject.split())[:SUBJECT_MAX]
    if once_per is not None:
        recent = db.session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.chapter_id == chapter_id,
                AuditEntry.actor_id.is_(None)
                if actor_id is None
                else AuditEntry.actor_id == actor_id,
                AuditEntry.action == action,
                AuditEntry.subject == subject,
                AuditEntry.at > now - once_per,
            )
        )
        if recent is not None:
            return None
    entry = AuditEntry(
        chapter_id=chapter_id,
        actor_id=actor_id,
        member_id=getattr(member, "id", None),
        action=action,
        subject=subject,
        at=now,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def attendee_list_viewed(event, actor) -> None:
    """A page with an evening's attendee names was opened: log it (once an hour) and commit."""
    record(
        event.chapter_id, actor, AuditAction.ATTENDEES_VIEWED, evening(event), once_per=VIEW_WINDOW
    )
    db.session.commit()


def evening(event) -> str:
    """How the log names an evening: number, title and day (UTC), nothing about people."""
    return f"#{event.id} {event.title} ({event.starts_at:%Y-%m-%d})"


def signup(event, rsvp_id: int) -> str:
    """How the log names one sign-up: the evening and the sign-up's number, never the person."""
    return f"{evening(event)} · sign-up #{rsvp_id}"


def invitation(invitation) -> str:
    """How the log names an invitation: its number and role, not the address."""
    return f"#{invitation.id} ({invitation.role.value})"


def entries_query(chapter_id: int) -> Select:
    return (
        select(AuditEntry)
        .where(AuditEntry.chapter_id == chapter_id)
        .options(selectinload(AuditEntry.actor), selectinload(AuditEntry.member))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
