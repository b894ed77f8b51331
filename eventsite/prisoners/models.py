"""The shared prisoner directory: prisoners, their tags, mail routes and change history."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.auth.models import User
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow
from eventsite.prisoners.text import search_text


class PrisonerStatus(enum.StrEnum):
    ACTIVE = "active"
    RELEASED = "released"
    TRANSFERRED = "transferred"
    DECEASED = "deceased"
    UNKNOWN = "unknown"


class MailRoute(enum.StrEnum):
    POST = "post"
    ELECTRONIC = "electronic"  # the prison service's paid e-letter service (ФСИН-письмо)


PrisonerStatusType = str_enum(PrisonerStatus, "prisoner_status")
MailRouteType = str_enum(MailRoute, "mail_route")


class Prisoner(Model):
    __tablename__ = "prisoner"
    __table_args__ = (
        CheckConstraint("birth_monthday BETWEEN 101 AND 1231", name="birth_monthday_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name_ru: Mapped[str] = mapped_column(String(200), index=True)
    name_latin: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None]
    status: Mapped[PrisonerStatus] = mapped_column(
        PrisonerStatusType, default=PrisonerStatus.ACTIVE, index=True
    )
    postal_code: Mapped[str] = mapped_column(String(12), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(300), default="")
    facility: Mapped[str] = mapped_column(String(300), default="")
    arrest_date: Mapped[date | None]
    sentence: Mapped[str] = mapped_column(String(300), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    writer_notes: Mapped[str] = mapped_column(Text, default="")
    restrictions: Mapped[str] = mapped_column(Text, default="")
    mail_notes: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    last_reviewed: Mapped[date | None]
    # Derived columns, kept up to date by the listeners below: SQLite's lower() does not
    # fold Cyrillic, and month*100+day lets SQL find birthdays in a window.
    search_text: Mapped[str] = mapped_column(Text, default="")
    birth_monthday: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_edited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    last_edited_by: Mapped[User | None] = relationship()
    tags: Mapped[list["PrisonerTag"]] = relationship(
        back_populates="prisoner", cascade="all, delete-orphan", order_by="PrisonerTag.tag"
    )
    mail_routes: Mapped[list["PrisonerMailRoute"]] = relationship(
        back_populates="prisoner", cascade="all, delete-orphan", order_by="PrisonerMailRoute.route"
    )
    changes: Mapped[list["PrisonerChange"]] = relationship(
        back_populates="prisoner",
        cascade="all, delete-orphan",
        order_by="PrisonerChange.id.desc()",
        passive_deletes=True,
    )

    @property
    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]

    @property
    def route_names(self) -> list[MailRoute]:
        return [r.route for r in self.mail_routes]

    def __repr__(self) -> str:
        return f"<Prisoner {self.id} {self.name_ru}>"


class PrisonerTag(Model):
    """A theme for evenings (women, minors, journalists…); one row per prisoner and tag."""

    __tablename__ = "prisoner_tag"
    __table_args__ = (Index("ix_prisoner_tag_tag_prisoner", "tag", "prisoner_id"),)

    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)

    prisoner: Mapped[Prisoner] = relationship(back_populates="tags")


class PrisonerMailRoute(Model):
    """A way mail reaches the prisoner."""

    __tablename__ = "prisoner_mail_route"
    __table_args__ = (Index("ix_prisoner_mail_route_route_prisoner", "route", "prisoner_id"),)

    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), primary_key=True
    )
    route: Mapped[MailRoute] = mapped_column(MailRouteType, primary_key=True)

    prisoner: Mapped[Prisoner] = relationship(back_populates="mail_routes")


class PrisonerChange(Model):
    """One save of a prisoner: who, when, which fields (old → new, long texts only named)."""

    __tablename__ = "prisoner_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="form")  # form | import | demo
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    prisoner: Mapped[Prisoner] = relationship(back_populates="changes")
    user: Mapped[User | None] = relationship()


def derived_columns(fields) -> dict:
    """Return the search text and birth month-day for a prisoner's fields (object or dict)."""
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name)
    birth = get("birth_date")
    return {
        "search_text": search_text(
            get("name_ru"), get("name_latin"), get("region"), get("town"), get("facility")
        ),
        "birth_monthday": birth.month * 100 + birth.day if birth else None,
    }


@event.listens_for(Prisoner, "before_insert")
@event.listens_for(Prisoner, "before_update")
def _derive_columns(_mapper, _connection, prisoner: Prisoner) -> None:
    for name, value in derived_columns(prisoner).items():
        setattr(prisoner, name, value)
