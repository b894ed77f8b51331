"""An RSVP: one seat (or a place on the waitlist) for one person at one evening."""

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.events.models import Event, new_uid
from eventsite.extensions import Model, utcnow


class RsvpStatus(enum.StrEnum):
    # A seat held for someone who signed up on the site and has not opened the emailed
    # link yet; it counts against capacity until it is confirmed or expires.
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


# Statuses that take one of the evening's seats.
SEATED = (RsvpStatus.CONFIRMED, RsvpStatus.PENDING)


_LIVE = text("status != 'cancelled'")


class Rsvp(Model):
    __tablename__ = "rsvp"
    __table_args__ = (
        # One live RSVP per email and evening; cancelled ones may repeat.
        Index(
            "uq_rsvp_live_email",
            "event_id",
            "email",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # Arrival order, which is also waitlist order.
        UniqueConstraint("event_id", "queue_seq", name="uq_rsvp_event_queue_seq"),
        Index("ix_rsvp_event_id_status", "event_id", "status"),
        # The table someone sits at must be a table of the same evening.
        ForeignKeyConstraint(
            ["event_id", "table_id"],
            ["event_table.event_id", "event_table.id"],
            name="fk_rsvp_table_of_event",
        ),
        Index("ix_rsvp_table_id", "table_id"),
        UniqueConstraint("event_id", "door_code", name="uq_rsvp_event_door_code"),
        Index("ix_rsvp_hold_expires_at", "hold_expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    # Personal data: name, email, note, door code and the link token's salt and hash
    # are cleared by the purge.
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_salt: Mapped[str | None] = mapped_column(String(32))
    # Set while the email address is unconfirmed (a pending seat, or a place on the
    # waitlist): the emailed confirmation link's hash, and when the hold lapses.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Six characters said at the door to find someone; no look-alikes (0/O, 1/I/L, 5/S…).
    door_code: Mapped[str | None] = mapped_column(String(6))
    status: Mapped[RsvpStatus] = mapped_column(str_enum(RsvpStatus, "rsvp_status"))
    queue_seq: Mapped[int]
    reads_russian: Mapped[bool] = mapped_column(default=False)
    first_time: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5), default="en")
    is_walk_in: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    table_id: Mapped[int | None]
    # Seated by a host (kept by auto-assign) rather than by auto-assign.
    table_manual: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Marked by an organizer after the evening began: had a seat, did not come.
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # After "I can't come" the attendee may undo until `undo_until`. The seat stays
    # theirs until `seat_held_until` when nobody was waiting for it (set only then);
    # the hold counts against capacity and is let go the way an unconfirmed one is.
    undo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seat_held_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # UID of the attendee's own calendar entry (sent by mail, with the address when that is
    # for attendees only). Not the evening's UID: a cancelled and renewed sign-up starts
    # afresh instead of being outranked by its own cancellation's SEQUENCE.
    calendar_uid: Mapped[str] = mapped_column(String(255), default=new_uid)

    event: Mapped[Event] = relationship()

    @property
    def is_live(self) -> bool:
        return self.status != RsvpStatus.CANCELLED

    @property
    def is_unconfirmed(self) -> bool:
        """Signed up on the site, emailed link not opened yet."""
        return self.hold_expires_at is not None and self.is_live


class OrganizerMessage(Model):
    """A message organizers sent to an evening's attendees: when, by whom, to how many.

    Kept to limit how many go out per evening and day; neither the text nor who got
    it is stored.
    """

    __tablename__ = "organizer_message"
    __table_args__ = (Index("ix_organizer_message_event_id_sent_at", "event_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignupRequest(Model):
    """A sign-up form as submitted, until it is processed right after the response.

    The answer to a sign-up is the same whatever the email: this row is all the
    request writes. Processing it (a seat, a waitlist place, or the link mailed again
    to an address already on the list) happens once the answer has gone out.
    """

    __tablename__ = "signup_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # Personal data, deleted with the row once it is processed (or by the purge).
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(Text, default="")
    reads_russian: Mapped[bool] = mapped_column(default=False)
    first_time: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
