"""Turn an evening's models into the plain data the print builders take."""

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.printing.data import Evening, PrisonerCard, SigninRow, TableSheet
from eventsite.prisoners import labels, services
from eventsite.prisoners.models import CustodyStatus, Prisoner
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.seating import suggest
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.seating.services import tables_of


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
        select(Rsvp.table_id, Rsvp.name).where(
            Rsvp.event_id == event.id,
            Rsvp.status == RsvpStatus.CONFIRMED,
            Rsvp.table_id.in_(ids),
        )
    ).all()
    return [
        TableSheet(
            label=table.label,
            seats=table.seats,
            attendees=tuple(
                sorted((n or "" for t, n in people if t == table.id), key=str.casefold)
            ),
            prisoners=tuple(
                _card(row.prisoner, event)
                for row in sorted(placed, key=lambda r: r.prisoner.name_ru)
                if row.table_id == table.id
            ),
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
