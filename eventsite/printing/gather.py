"""Turn an evening's models into the plain data the print builders take."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventsite.core.urls import absolute_url
from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.printing.data import BirthdayRow, Evening, PrisonerCard, SigninRow, TableSheet
from eventsite.prisoners import birthdays, directory, labels, services
from eventsite.prisoners.models import CustodyStatus, Prisoner
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.seating import suggest
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.seating.services import tables_of

# Ceilings for one document: beyond them a print is refused with the reason.
MAX_TABLES = 100
MAX_PRISONERS_PER_TABLE = 20
# A document with more pages than this renders in the big documents' lane.
BIG_PAGES = 40


@dataclass(frozen=True)
class Size:
    tables: int
    prisoners: int
    most_at_a_table: int
    people: int

    def too_big(self, kind: str) -> str | None:
        if kind == "signin":
            return None  # names and table labels only
        if self.tables > MAX_TABLES:
            return _(
                "This evening has %(n)d tables; a document prints at most %(max)d.",
                n=self.tables,
                max=MAX_TABLES,
            )
        if self.most_at_a_table > MAX_PRISONERS_PER_TABLE:
            return _(
                "A table has %(n)d prisoners; a pack prints at most %(max)d per table. "
                "Add a table or move prisoners.",
                n=self.most_at_a_table,
                max=MAX_PRISONERS_PER_TABLE,
            )
        return None

    def is_big(self, kind: str) -> bool:
        """About how many pages the document has, against BIG_PAGES."""
        pages = {
            "signin": self.people // 30 + 1,
            "tally": self.tables + self.prisoners // 20,
            "table-cards": self.tables,
        }.get(kind, self.tables * 4 + self.prisoners)  # packs: cover, guide, phrases, cards
        return pages > BIG_PAGES


def size(event: Event, only: EventTable | None = None) -> Size:
    """How big the evening's documents are, in two queries."""
    tables = [only.id] if only else [t.id for t in tables_of(event.id)]
    per_table = db.session.execute(
        select(TablePrisoner.table_id, func.count())
        .where(TablePrisoner.event_id == event.id, TablePrisoner.table_id.in_(tables))
        .group_by(TablePrisoner.table_id)
    ).all()
    people = (
        db.session.scalar(
            select(func.count()).where(
                Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED
            )
        )
        or 0
    )
    counts = [n for _table, n in per_table]
    return Size(len(tables), sum(counts), max(counts, default=0), people)


def evening(event: Event, paper: str) -> Evening:
    tz = event.chapter.timezone
    return Evening(
        title=event.title,
        chapter_name=event.chapter.name,
        starts_local=to_local(event.starts_at, tz),
        ends_local=to_local(event.ends_at, tz),
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        return_address=event.chapter.return_address,
        capacity=event.capacity,
        paper=paper,
        data_retention_days=current_app.config.get("ATTENDEE_RETENTION_DAYS", 30),
        evening_url=absolute_url("events.event", event_id=event.id),
        letter_check_url=absolute_url("safety.letter_check"),
    )


def _card(prisoner: Prisoner, event: Event) -> PrisonerCard:
    note = None
    if prisoner.birth_date:
        day = to_local(event.starts_at, event.chapter.timezone).date()
        first, last = suggest.birthday_window(day, event.chapter.postal_delay_days)
        birthday = suggest.birthday_in_window(prisoner.birth_date, first, last)
        if birthday:
            note = _(
                "turns %(age)d on %(day)s",
                age=birthday.year - prisoner.birth_date.year,
                day=format_date(birthday, "long"),
            )
    return PrisonerCard(
        name_cyrillic=prisoner.name_ru,
        name_latin=prisoner.name_latin,
        envelope=services.envelope_for(
            prisoner, event.chapter, utcnow().date(), current_app.config["ADDRESS_STALE_DAYS"]
        ),
        salutation=services.salutation_of(prisoner),
        birth_date=prisoner.birth_date,
        birth_year=prisoner.birth_year,
        birthday_note=note,
        bio=prisoner.bio,
        interests=prisoner.interests,
        restrictions=tuple(labels.restriction_labels(prisoner.restriction_codes)),
        restrictions_note=prisoner.restrictions,
        pretrial=prisoner.custody == CustodyStatus.PRETRIAL,
        mail_routes=tuple(
            labels.mail_lines(prisoner.route_names, prisoner.reply_form, prisoner.forwarding_url)
        ),
        mail_notes=prisoner.mail_notes,
        notes_for_writers=prisoner.writer_notes,
    )


def table_sheets(event: Event, only: EventTable | None = None) -> list[TableSheet]:
    """Every table (or one) with its people and prisoners, in a fixed number of queries."""
    tables = [only] if only else tables_of(event.id)
    ids = [t.id for t in tables]
    placed = db.session.scalars(
        select(TablePrisoner)
        .where(TablePrisoner.event_id == event.id, TablePrisoner.table_id.in_(ids))
        .options(
            selectinload(TablePrisoner.prisoner).selectinload(Prisoner.mail_routes),
            selectinload(TablePrisoner.prisoner).selectinload(Prisoner.restriction_rows),
        )
    ).all()
    people = db.session.execute(
        select(Rsvp.table_id, Rsvp.name, Rsvp.reads_russian, Rsvp.first_time).where(
            Rsvp.event_id == event.id,
            Rsvp.status == RsvpStatus.CONFIRMED,
            Rsvp.table_id.in_(ids),
        )
    ).all()
    # Grouped once: a 100-table evening would otherwise sort every row for every table.
    prisoners_at: dict[int | None, list[PrisonerCard]] = {}
    for row in sorted(placed, key=lambda r: r.prisoner.name_ru):
        prisoners_at.setdefault(row.table_id, []).append(_card(row.prisoner, event))
    people_at: dict[int | None, list] = {}
    for person in people:
        people_at.setdefault(person[0], []).append(person)
    return [
        TableSheet(
            label=table.label,
            seats=table.seats,
            attendees=tuple(
                sorted((n or "" for _t, n, _r, _f in people_at.get(table.id, [])), key=str.casefold)
            ),
            russian_readers=sum(1 for _t, _n, r, _f in people_at.get(table.id, []) if r),
            first_timers=sum(1 for _t, _n, _r, f in people_at.get(table.id, []) if f),
            prisoners=tuple(prisoners_at.get(table.id, [])),
        )
        for table in tables
    ]


def signin_rows(event: Event) -> list[SigninRow]:
    labels = {t.id: t.label for t in tables_of(event.id)}
    rows = db.session.execute(
        select(Rsvp.name, Rsvp.table_id).where(
            Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED
        )
    ).all()
    return [
        SigninRow(name=name or "", table_label=labels.get(table_id) if table_id else None)
        for name, table_id in rows
    ]


# The birthday poster looks this far ahead: cards posted in the next six weeks.
POSTER_DAYS = 42


def birthday_rows(event: Event) -> list[BirthdayRow]:
    """Active prisoners whose post-by date falls in the six weeks from the evening."""
    day = to_local(event.starts_at, event.chapter.timezone).date()
    delay = event.chapter.postal_delay_days
    found = db.session.scalars(directory.upcoming_birthdays_query(day, delay, POSTER_DAYS)).all()
    return [
        BirthdayRow(
            name_cyrillic=item.item.name_ru,
            name_latin=item.item.name_latin,
            birthday=item.birthday,
            post_by=item.post_by,
            age=item.birthday.year - item.item.birth_date.year,
        )
        for item in birthdays.birthdays_in_window(found, day, delay, POSTER_DAYS)
    ]
