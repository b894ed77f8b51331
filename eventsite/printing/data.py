"""Plain data the print builders take: no models, no database, nothing lazy."""

from dataclasses import dataclass
from datetime import date, datetime

from eventsite.core.paper import PAPER_SIZES
from eventsite.prisoners.envelope import Envelope


@dataclass(frozen=True, slots=True, kw_only=True)
class Evening:
    """What every document says about the evening."""

    title: str
    chapter_name: str
    starts_local: datetime  # aware, in the chapter's time zone
    ends_local: datetime
    venue_name: str
    venue_address: str = ""
    return_address: str = ""  # lines separated by newlines, as on the envelope
    capacity: int | None = None
    paper: str = "a4"
    data_retention_days: int | None = None  # when attendee data is deleted, if known
    evening_url: str = ""  # the public evening page, from BASE_URL (QR for walk-ins)
    letter_check_url: str = ""  # the letter check, from BASE_URL (QR on the writer's sheet)

    def __post_init__(self):
        if self.paper not in PAPER_SIZES:
            raise ValueError(f"paper must be one of {PAPER_SIZES}, not {self.paper!r}")
        if self.starts_local.tzinfo is None or self.ends_local.tzinfo is None:
            raise ValueError("starts_local and ends_local must be timezone-aware")


@dataclass(frozen=True, slots=True, kw_only=True)
class PrisonerCard:
    """One prisoner as writers need them on paper."""

    name_cyrillic: str
    name_latin: str
    envelope: Envelope  # from prisoners.envelope: the one builder of the block
    salutation: str = ""  # «Здравствуйте, Алёна Фёдоровна!»
    birth_date: date | None = None
    birth_year: int | None = None
    birthday_note: str | None = None  # e.g. "turns 34 on 12 December", only when soon
    bio: str = ""
    interests: str = ""
    restrictions: tuple[str, ...] = ()  # the fixed list, already in the reader's language
    restrictions_note: str = ""  # free text, as written
    pretrial: bool = False  # nothing about the case, at all
    mail_routes: tuple[str, ...] = ()  # routes with what to know, already translated
    mail_notes: str = ""
    notes_for_writers: str = ""

    @property
    def envelope_lines(self) -> tuple[str, ...]:
        return self.envelope.to_lines


@dataclass(frozen=True, slots=True, kw_only=True)
class TableSheet:
    """A table of the evening: who sits there and whom they write to."""

    label: str
    seats: int
    attendees: tuple[str, ...] = ()  # names only, never emails
    prisoners: tuple[PrisonerCard, ...] = ()
    russian_readers: int = 0  # attendees at the table who read and write Russian
    first_timers: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BirthdayRow:
    """A birthday for the room's poster: post by `post_by` so the card arrives in time."""

    name_cyrillic: str
    name_latin: str
    birthday: date
    post_by: date
    age: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SigninRow:
    """A confirmed attendee on the sign-in sheet."""

    name: str
    table_label: str | None = None
