"""After the evening: letters written per prisoner, and the batch posted."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.auth.models import User
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.events.models import Event
from eventsite.extensions import Model, utcnow
from eventsite.prisoners.models import Prisoner


class LetterTally(Model):
    """How many letters and postcards an evening wrote to one prisoner."""

    __tablename__ = "letter_tally"
    __table_args__ = (
        UniqueConstraint("event_id", "prisoner_id"),
        CheckConstraint("letters >= 0 AND postcards >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), index=True
    )
    letters: Mapped[int] = mapped_column(default=0)
    postcards: Mapped[int] = mapped_column(default=0)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    prisoner: Mapped[Prisoner] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class PostingMethod(enum.StrEnum):
    POST = "post"
    ELECTRONIC = "electronic"


class LetterBatch(Model):
    """An evening's letters, posted: after this the tallies are locked."""

    __tablename__ = "letter_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    posted_on: Mapped[date]
    method: Mapped[PostingMethod] = mapped_column(str_enum(PostingMethod, "posting_method"))
    posted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posted_by: Mapped[User | None] = relationship()
