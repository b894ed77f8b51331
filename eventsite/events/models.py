"""An evening: when, where, how many seats, and whether it is open."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from eventsite.chapters.models import Chapter
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class AddressVisibility(enum.StrEnum):
    PUBLIC = "public"
    ATTENDEES = "attendees"


def new_uid() -> str:
    return str(uuid.uuid4())


class Event(Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_event_status_starts_at", "status", "starts_at"),
        Index("ix_event_chapter_id_starts_at", "chapter_id", "starts_at"),
        Index("uq_event_uid", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapter.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(Text, default="")
    address_visibility: Mapped[AddressVisibility] = mapped_column(
        str_enum(AddressVisibility, "address_visibility"), default=AddressVisibility.PUBLIC
    )
    capacity: Mapped[int]
    rsvp_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    # Evenings created together as a series share this id; each stays editable alone.
    series_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # iCalendar UID: random (RFC 7986 §5.3), so no two installations share one and a new
    # BASE_URL keeps subscribers' entries; evenings from before 0008 keep their old UID.
    uid: Mapped[str] = mapped_column(String(255), default=new_uid)
    # iCalendar SEQUENCE: bumped whenever attendees' calendars should update.
    sequence: Mapped[int] = mapped_column(default=0)
    # Bumped by every RSVP change; the UPDATE doubles as the lock that serialises them.
    rsvp_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the first publish. An evening never published stays private even once
    # cancelled: it is deleted instead.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    chapter: Mapped[Chapter] = relationship()

    @validates("status")
    def _stamp_first_publication(self, _key, status):
        # However an evening gets published (the service, demo data, a test builder),
        # the moment is kept: it decides whether a later cancellation may show.
        if status == EventStatus.PUBLISHED and self.first_published_at is None:
            self.first_published_at = utcnow()
        return status

    @property
    def was_published(self) -> bool:
        return self.first_published_at is not None

    @property
    def address_is_public(self) -> bool:
        return self.address_visibility == AddressVisibility.PUBLIC

    def closes_at(self) -> datetime:
        """When RSVPs stop: the deadline if set (and earlier than the start), else the start."""
        if self.rsvp_deadline and self.rsvp_deadline < self.starts_at:
            return self.rsvp_deadline
        return self.starts_at

    def is_open_for_rsvp(self, now: datetime) -> bool:
        return self.status == EventStatus.PUBLISHED and now < self.closes_at()

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"
