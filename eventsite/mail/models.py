"""The outbox: messages written in the same transaction as the change that causes them."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # The Message-ID header: the same on every attempt, so a retry is recognisably one mail.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    # Personal data, dropped once the message is delivered.
    to_addr: Mapped[str | None] = mapped_column(String(254))
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    # A compact row (no `raw` yet): what its kind's renderer needs besides the sign-up,
    # to render it at delivery, outside the lock the change took (see outbox.enqueue_many).
    params: Mapped[dict | None] = mapped_column(JSON)
    rsvp_id: Mapped[int | None] = mapped_column(
        ForeignKey("rsvp.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[MailStatus] = mapped_column(
        str_enum(MailStatus, "mail_status"), default=MailStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
