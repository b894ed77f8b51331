"""Accounts, chapter roles and invitations."""

import enum
import hmac
from datetime import datetime
from typing import cast

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from eventsite.chapters.models import Chapter
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    HOST = "host"


RoleType = str_enum(Role, "role")


class User(UserMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Part of every session and remember-me cookie; logging out bumps it, which ends
    # them all on the server (a copied cookie stops working too).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the session in hand began (a Unix time), read from and written into its id;
    # not a column.
    login_stamp = cast(int | None, None)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """What a session or remember-me cookie holds: account, session version, password,
        login time.

        Logging out bumps the version and a new password changes the fingerprint: either
        way every earlier cookie stops working on the server, not only in that browser.
        The login time bounds how long any cookie works (REMEMBER_DAYS), whatever its own
        expiry says (auth.services.user_for_session checks all four on every request).
        """
        if self.login_stamp is None:
            self.login_stamp = int(utcnow().timestamp())
        return f"{self.id}:{self.session_version}:{self.password_fingerprint()}:{self.login_stamp}"

    def password_fingerprint(self) -> str:
        """A keyed digest of the password hash: changes when the password does, reveals nothing."""
        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, self.password_hash.encode(), "sha256").hexdigest()[:24]

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def role_in(self, chapter_id: int) -> Role | None:
        """Return this user's role in a chapter, or None."""
        for membership in self.memberships:
            if membership.chapter_id == chapter_id:
                return membership.role
        return None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "chapter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapter.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(RoleType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    chapter: Mapped[Chapter] = relationship(back_populates="memberships")


class Invitation(Model):
    """A single-use, expiring link that makes someone a host or organizer of a chapter."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapter.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(RoleType)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    chapter: Mapped[Chapter] = relationship()
    invited_by: Mapped[User | None] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.accepted_at is None and now < self.expires_at
