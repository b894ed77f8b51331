"""The shared prisoner directory: prisoners, tags, mail routes, restrictions, returned letters."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.auth.models import User
from eventsite.chapters.models import Chapter
from eventsite.dbtypes import UTCDateTime, str_enum
from eventsite.extensions import Model, utcnow
from eventsite.prisoners.kinds import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    PrisonerStatus,
    Restriction,
    ReturnReason,
    UnconfirmedReason,
)
from eventsite.prisoners.text import search_text, transliterate

__all__ = [
    "CustodyStatus",
    "FacilityType",
    "Gender",
    "IdSource",
    "MailRoute",
    "Prisoner",
    "PrisonerChange",
    "PrisonerMailRoute",
    "PrisonerRestriction",
    "PrisonerStatus",
    "PrisonerTag",
    "Restriction",
    "ReturnReason",
    "ReturnedLetter",
    "UnconfirmedReason",
]

PrisonerStatusType = str_enum(PrisonerStatus, "prisoner_status")
MailRouteType = str_enum(MailRoute, "mail_route")
GenderType = str_enum(Gender, "gender", length=1)
CustodyType = str_enum(CustodyStatus, "custody_status")
FacilityTypeType = str_enum(FacilityType, "facility_type")
RestrictionType = str_enum(Restriction, "restriction", length=30)
IdSourceType = str_enum(IdSource, "id_source")
UnconfirmedType = str_enum(UnconfirmedReason, "unconfirmed_reason")
ReturnReasonType = str_enum(ReturnReason, "return_reason")


class Prisoner(Model):
    __tablename__ = "prisoner"
    __table_args__ = (
        CheckConstraint("birth_monthday BETWEEN 101 AND 1231", name="birth_monthday_range"),
        CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        CheckConstraint(
            "(address_unconfirmed_on IS NULL) = (address_unconfirmed_reason IS NULL)",
            name="unconfirmed_has_reason",
        ),
        # The same number in two groups' lists means two different people.
        UniqueConstraint("external_source", "external_id", name="uq_prisoner_source_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_source: Mapped[IdSource] = mapped_column(IdSourceType, default=IdSource.OWN)
    external_id: Mapped[str | None] = mapped_column(String(64))
    # The full name, derived from the parts when they are known; a name that could not
    # be split for certain is kept whole, with empty parts, until someone checks it.
    name_ru: Mapped[str] = mapped_column(String(200), index=True)
    surname: Mapped[str] = mapped_column(String(100), default="")
    given_name: Mapped[str] = mapped_column(String(100), default="")
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[Gender | None] = mapped_column(GenderType)
    # Their own Latin spelling (foreign citizens: "Oleksandr") or, if not, derived.
    name_latin: Mapped[str] = mapped_column(String(200), default="")
    name_latin_own: Mapped[bool] = mapped_column(default=False)
    birth_date: Mapped[date | None]
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)  # also when only the year is known
    status: Mapped[PrisonerStatus] = mapped_column(
        PrisonerStatusType, default=PrisonerStatus.ACTIVE, index=True
    )
    postal_code: Mapped[str] = mapped_column(String(12), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(300), default="")
    facility: Mapped[str] = mapped_column(String(300), default="")
    facility_type: Mapped[FacilityType | None] = mapped_column(FacilityTypeType)
    facility_country: Mapped[str] = mapped_column(String(2), default="RU")
    custody: Mapped[CustodyStatus | None] = mapped_column(CustodyType)
    articles: Mapped[list] = mapped_column(JSON, default=list)  # [{article, part, point, code}]
    case_name: Mapped[str] = mapped_column(String(300), default="")
    arrest_date: Mapped[date | None]
    sentence: Mapped[str] = mapped_column(String(300), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    writer_notes: Mapped[str] = mapped_column(Text, default="")
    restrictions: Mapped[str] = mapped_column(Text, default="")  # free text beyond the list
    mail_notes: Mapped[str] = mapped_column(Text, default="")
    forwarding_url: Mapped[str] = mapped_column(String(500), default="")
    reply_form: Mapped[bool] = mapped_column(default=False)  # a paid reply form can be bought
    source_url: Mapped[str] = mapped_column(String(500), default="")
    last_reviewed: Mapped[date | None]  # "address checked on"
    # Set when a letter comes back or the status changes; cleared by the next check.
    address_unconfirmed_on: Mapped[date | None]
    address_unconfirmed_reason: Mapped[UnconfirmedReason | None] = mapped_column(UnconfirmedType)
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
    restriction_rows: Mapped[list["PrisonerRestriction"]] = relationship(
        back_populates="prisoner", cascade="all, delete-orphan", order_by="PrisonerRestriction.code"
    )
    returned_letters: Mapped[list["ReturnedLetter"]] = relationship(
        back_populates="prisoner",
        cascade="all, delete-orphan",
        order_by=lambda: (ReturnedLetter.returned_on.desc(), ReturnedLetter.id.desc()),
        passive_deletes=True,
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

    @property
    def restriction_codes(self) -> list[Restriction]:
        return [r.code for r in self.restriction_rows]

    @property
    def name_needs_review(self) -> bool:
        return not (self.surname and self.given_name)

    def __repr__(self) -> str:
        return f"<Prisoner {self.id}>"


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


class PrisonerRestriction(Model):
    """A restriction from the fixed list; one row per prisoner and restriction."""

    __tablename__ = "prisoner_restriction"

    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[Restriction] = mapped_column(RestrictionType, primary_key=True)

    prisoner: Mapped[Prisoner] = relationship(back_populates="restriction_rows")


class ReturnedLetter(Model):
    """A letter that came back: the address is unconfirmed until someone checks it."""

    __tablename__ = "returned_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), index=True
    )
    returned_on: Mapped[date]
    reason: Mapped[ReturnReason] = mapped_column(ReturnReasonType)
    note: Mapped[str] = mapped_column(String(300), default="")
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapter.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    prisoner: Mapped[Prisoner] = relationship(back_populates="returned_letters")
    chapter: Mapped[Chapter | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


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
    """Return the columns derived from a prisoner's fields (object or dict).

    The full name from the parts when both surname and given name are there; the Latin
    name by transliteration unless it is their own; the year from a full birth date;
    the search text and the birth month-day.
    """
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name)
    parts = [get("surname") or "", get("given_name") or "", get("patronymic") or ""]
    name_ru = " ".join(p for p in parts if p) if parts[0] and parts[1] else get("name_ru") or ""
    name_latin = get("name_latin") if get("name_latin_own") else transliterate(name_ru)
    birth = get("birth_date")
    return {
        "name_ru": name_ru,
        "name_latin": name_latin or "",
        "birth_year": birth.year if birth else get("birth_year"),
        "search_text": search_text(
            name_ru, name_latin, get("region"), get("town"), get("facility")
        ),
        "birth_monthday": birth.month * 100 + birth.day if birth else None,
    }


@event.listens_for(Prisoner, "before_insert")
@event.listens_for(Prisoner, "before_update")
def _derive_columns(_mapper, _connection, prisoner: Prisoner) -> None:
    for name, value in derived_columns(prisoner).items():
        setattr(prisoner, name, value)
