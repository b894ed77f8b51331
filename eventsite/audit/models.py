"""A chapter's audit log: who did what to its people and its attendee data, and when."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.auth.models import User
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow


class AuditAction(enum.StrEnum):
    MEMBER_JOINED = "member_joined"
    MEMBER_ROLE_CHANGED = "member_role_changed"
    MEMBER_REMOVED = "member_removed"
    INVITATION_SENT = "invitation_sent"
    INVITATION_REVOKED = "invitation_revoked"
    ATTENDEES_VIEWED = "attendees_viewed"
    ATTENDEES_EXPORTED = "attendees_exported"
    ATTENDEES_PURGED = "attendees_purged"
    NAMES_PRINTED = "names_printed"
    DRAFT_DELETED = "draft_deleted"
    # An organizer's change to one sign-up: the subject names the evening and the
    # sign-up's number, never the person.
    SIGNUP_ADDED = "signup_added"
    SIGNUP_EDITED = "signup_edited"
    SIGNUP_PROMOTED = "signup_promoted"
    SIGNUP_CANCELLED = "signup_cancelled"
    SIGNUP_REMOVED = "signup_removed"
    SIGNUP_NO_SHOW = "signup_no_show"
    SIGNUP_NO_SHOW_UNDONE = "signup_no_show_undone"
    # A message to an evening's attendees: how many got it, not who.
    MESSAGE_SENT = "message_sent"


class AuditEntry(Model):
    """One line of the log. `subject` names an evening or an invitation, never a person."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_chapter_id_at", "chapter_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapter.id", ondelete="CASCADE"))
    # None: the system (the scheduled purge), or an account deleted since.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, "audit_action", length=40))
    # The member a membership change is about: a reference, so the log itself keeps no
    # names or addresses (it shows the account's current name).
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    subject: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    member: Mapped[User | None] = relationship(foreign_keys=[member_id])
