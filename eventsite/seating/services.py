"""Tables for an evening: create and change them, choose prisoners, seat people."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from eventsite.core.tasks import after_commit_batch, has_broker
from eventsite.errors import DomainError
from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.prisoners import birthdays
from eventsite.prisoners.directory import all_tags, postable_clause
from eventsite.prisoners.labels import STATUS_LABELS, restriction_labels
from eventsite.prisoners.models import Prisoner, PrisonerStatus, PrisonerTag
from eventsite.prisoners.services import state_of
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.services import lock_event
from eventsite.seating import assign, suggest
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.seating.notes import Note, describe
from eventsite.tallies.models import LetterTally

MAX_TABLES = 100


def _tables_changed(event_id: int) -> None:
    """Once committed, have a worker render again the evening's documents printed before.

    Only with a broker: without one, documents render when asked for, as they always did.
    """
    if has_broker():
        after_commit_batch("printing.refresh", event_id, lane="print")


def tables_of(event_id: int) -> list[EventTable]:
    tables = db.session.scalars(select(EventTable).where(EventTable.event_id == event_id)).all()
    return sorted(tables, key=lambda t: _natural(t.label))


def _natural(label: str):
    """Sort "2" before "10" and words after numbers."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", label)
        if part
    ]


def create_tables(event: Event, count: int, seats: int) -> list[EventTable]:
    """Add `count` tables numbered after the highest numbered label."""
    _tables_changed(event.id)
    existing = tables_of(event.id)
    if len(existing) + count > MAX_TABLES:
        raise DomainError("too_many", _("An evening can have at most %(n)d tables.", n=MAX_TABLES))
    numbers = [int(t.label) for t in existing if t.label.isdigit()]
    start = max(numbers, default=0) + 1
    tables = [
        EventTable(event=event, label=str(n), seats=seats) for n in range(start, start + count)
    ]
    db.session.add_all(tables)
    db.session.flush()
    return tables


def update_table(table: EventTable, label: str, seats: int) -> None:
    _tables_changed(table.event_id)
    label = label.strip()
    clash = db.session.scalar(
        select(EventTable.id).where(
            EventTable.event_id == table.event_id,
            EventTable.label == label,
            EventTable.id != table.id,
        )
    )
    if clash is not None:
        raise DomainError(
            "label_taken", _("Another table is already called “%(label)s”.", label=label)
        )
    table.label, table.seats = label, seats
    db.session.flush()


def remove_table(table: EventTable) -> None:
    """Remove a table nobody sits at and no prisoner is placed at."""
    _tables_changed(table.event_id)
    people = db.session.scalar(select(func.count()).where(Rsvp.table_id == table.id))
    prisoners = db.session.scalar(select(func.count()).where(TablePrisoner.table_id == table.id))
    if people or prisoners:
        raise DomainError(
            "not_empty",
            _("Move the people and prisoners off table %(label)s first.", label=table.label),
        )
    db.session.delete(table)
    db.session.flush()


def chosen_prisoners(event_id: int) -> list[TablePrisoner]:
    rows = db.session.scalars(
        select(TablePrisoner)
        .where(TablePrisoner.event_id == event_id)
        .options(joinedload(TablePrisoner.prisoner))
    ).all()
    return sorted(rows, key=lambda row: row.prisoner.name_ru)


def choose_prisoner(event: Event, prisoner_id: int) -> TablePrisoner:
    _tables_changed(event.id)
    prisoner = db.session.get(Prisoner, prisoner_id)
    if prisoner is None:
        raise DomainError("not_found", _("That prisoner is not in the directory."))
    if prisoner.status != PrisonerStatus.ACTIVE:
        raise DomainError("inactive", _("Only prisoners with status “active” can be chosen."))
    row = db.session.scalar(
        select(TablePrisoner).where(
            TablePrisoner.event_id == event.id, TablePrisoner.prisoner_id == prisoner_id
        )
    )
    if row is None and not state_of(prisoner, utcnow().date()).postable:
        raise DomainError(
            "address_unconfirmed",
            _("This prisoner's address is out of date or unconfirmed: check it first."),
        )
    if row is None:
        row = TablePrisoner(event_id=event.id, prisoner_id=prisoner_id)
        db.session.add(row)
        db.session.flush()
    return row


def unchoose_prisoner(event: Event, prisoner_id: int) -> None:
    _tables_changed(event.id)
    row = db.session.scalar(
        select(TablePrisoner).where(
            TablePrisoner.event_id == event.id, TablePrisoner.prisoner_id == prisoner_id
        )
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def seated_people(event_id: int) -> list[Rsvp]:
    """People who take part on the night: confirmed sign-ups and walk-ins, by name."""
    rows = db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED)
    ).all()
    return sorted(rows, key=lambda r: ((r.name or "").lower(), r.id))


def _check_table(event: Event, table_id: int | None) -> None:
    if (
        table_id is not None
        and db.session.scalar(
            select(EventTable.id).where(EventTable.id == table_id, EventTable.event_id == event.id)
        )
        is None
    ):
        raise DomainError("no_table", _("That table does not exist any more."))


@dataclass(frozen=True)
class Move:
    """Where someone ended up: the table (None: no table) and how full it is now."""

    name: str
    table: EventTable | None
    taken: int = 0

    @property
    def over(self) -> bool:
        return self.table is not None and self.taken > self.table.seats


class TableFull(DomainError):
    """The table has no free seat; `move` says how full it would be."""

    def __init__(self, move: Move):
        super().__init__("table_full", _("That table has no free seat."))
        self.move = move


def move_person(
    event: Event, rsvp_id: int, table_id: int | None, *, over_seats: bool = False
) -> Move:
    """Seat one person by hand (None: stand up); auto-assign keeps it.

    A full table takes them only with `over_seats` (the host said so); otherwise
    `TableFull` says how full it would be.
    """
    _tables_changed(event.id)
    lock_event(event.id)
    _check_table(event, table_id)
    rsvp = db.session.scalar(
        select(Rsvp).where(
            Rsvp.id == rsvp_id, Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED
        )
    )
    if rsvp is None:
        raise DomainError("not_found", _("That person is not on this evening's list."))
    table = db.session.get(EventTable, table_id) if table_id is not None else None
    taken = 0
    if table is not None:
        others = db.session.scalar(
            select(func.count(Rsvp.id)).where(
                Rsvp.table_id == table.id,
                Rsvp.status == RsvpStatus.CONFIRMED,
                Rsvp.id != rsvp.id,
            )
        )
        taken = (others or 0) + 1
        if rsvp.table_id != table.id and taken > table.seats and not over_seats:
            raise TableFull(Move(rsvp.name or "", table, taken))
    rsvp.table_id, rsvp.table_manual = table_id, table_id is not None
    db.session.flush()
    return Move(rsvp.name or "", table, taken)


def move_prisoner(event: Event, prisoner_id: int, table_id: int | None) -> Move:
    """Put a chosen prisoner at a table by hand (None: unplace)."""
    _tables_changed(event.id)
    _check_table(event, table_id)
    row = choose_prisoner(event, prisoner_id)
    row.table_id, row.manual = table_id, table_id is not None
    db.session.flush()
    table = db.session.get(EventTable, table_id) if table_id is not None else None
    return Move(row.prisoner.name_ru, table)


def address_warnings(rows: list[TablePrisoner]) -> list[Prisoner]:
    """Chosen prisoners whose address must not be posted to: the tables page warns of them."""
    today = utcnow().date()
    return [row.prisoner for row in rows if not state_of(row.prisoner, today).postable]


def birthday_soon_ids(event: Event, prisoners: list[Prisoner]) -> set[int]:
    first, last = suggest.birthday_window(_evening_day(event), event.chapter.postal_delay_days)
    return {
        p.id
        for p in prisoners
        if p.birth_date and suggest.birthday_in_window(p.birth_date, first, last)
    }


def _evening_day(event: Event) -> date:
    return to_local(event.starts_at, event.chapter.timezone).date()


def auto_assign(event: Event, reshuffle: bool = False) -> assign.Assignment:
    """Place unplaced prisoners and people (everyone, if reshuffling) and save the result."""
    _tables_changed(event.id)
    tables = tables_of(event.id)
    chosen = chosen_prisoners(event.id)
    people = seated_people(event.id)
    soon = birthday_soon_ids(event, [row.prisoner for row in chosen])
    result = assign.auto_assign(
        [assign.Table(t.id, t.label, t.seats) for t in tables],
        [assign.PrisonerIn(row.prisoner_id, row.prisoner_id in soon) for row in chosen],
        # Sign-up order decides who gets a seat when seats run short.
        sorted(
            (assign.AttendeeIn(r.id, r.reads_russian, r.first_time) for r in people),
            key=lambda a: a.id,
        ),
        {row.prisoner_id: row.table_id for row in chosen if row.manual and row.table_id},
        {r.id: r.table_id for r in people if r.table_manual and r.table_id},
        reshuffle=reshuffle,
    )
    for row in chosen:
        placed = result.prisoners.get(row.prisoner_id)
        if reshuffle or not row.manual:
            row.table_id, row.manual = placed, False
    for rsvp in people:
        placed = result.attendees.get(rsvp.id)
        if reshuffle or not rsvp.table_manual:
            rsvp.table_id, rsvp.table_manual = placed, False
    db.session.flush()
    return result


def suggestions(
    event: Event, theme: str | None = None, limit: int = 30
) -> list[suggest.Suggestion]:
    """Best prisoners to write to at this evening, with reasons.

    SQL orders the whole directory by `suggest.suggest`'s key and returns the first
    `limit`; `suggest.suggest` then ranks those few and gives its reasons.
    """
    day, delay = _evening_day(event), event.chapter.postal_delay_days
    first, last = suggest.birthday_window(day, delay)
    theme_key = theme.strip().casefold() if theme else None
    matching = [t for t in all_tags() if t.casefold() == theme_key] if theme_key else []
    theme_match = exists().where(
        PrisonerTag.prisoner_id == Prisoner.id, PrisonerTag.tag.in_(matching)
    )
    # Born before the window opens: `birthday_in_window` skips a birthday in the birth year.
    birthday = and_(
        birthdays.monthday_filter(Prisoner.birth_monthday, first, last),
        Prisoner.birth_date < first,
    )
    letters = _recent_letters_query().subquery()
    count = func.coalesce(letters.c.n, 0)
    chosen = select(TablePrisoner.prisoner_id).where(TablePrisoner.event_id == event.id)
    order = [case((birthday, 0), else_=1), count, Prisoner.id]
    if matching:
        order.insert(0, case((theme_match, 0), else_=1))
    rows = db.session.execute(
        select(Prisoner, count)
        .outerjoin(letters, letters.c.prisoner_id == Prisoner.id)
        .where(postable_clause(), Prisoner.id.not_in(chosen))
        .order_by(*order)
        .limit(limit)
        .options(selectinload(Prisoner.tags), selectinload(Prisoner.restriction_rows))
    ).all()
    candidates = [candidate(p, int(n)) for p, n in rows]
    return list(suggest.suggest(candidates, day, delay, theme=theme).ranked[:limit])


def candidate(prisoner: Prisoner, letters: int) -> suggest.Candidate:
    """A prisoner as the pure ranking in `suggest` sees them."""
    return suggest.Candidate(
        id=prisoner.id,
        name=prisoner.name_ru,
        status=prisoner.status.value,
        birth_date=prisoner.birth_date,
        restrictions=", ".join(
            [*restriction_labels(prisoner.restriction_codes), prisoner.restrictions]
        ).strip(", "),
        tags=frozenset(prisoner.tag_names),
        letters_last_90_days=letters,
        address_ok=state_of(prisoner, utcnow().date()).postable,
    )


def _recent_letters_query(days: int = 90):
    since = utcnow() - timedelta(days=days)
    return (
        select(
            LetterTally.prisoner_id,
            func.sum(LetterTally.letters + LetterTally.postcards).label("n"),
        )
        .join(Event, Event.id == LetterTally.event_id)
        .where(Event.starts_at >= since)
        .group_by(LetterTally.prisoner_id)
    )


def recent_letters(prisoner_ids: list[int], days: int = 90) -> dict[int, int]:
    """Letters and postcards written to each prisoner in the last `days` days, all chapters."""
    if not prisoner_ids:
        return {}
    wanted = set(prisoner_ids)
    rows = db.session.execute(_recent_letters_query(days))
    return {pid: int(n) for pid, n in rows if pid in wanted}


def _localized(key: str, value):
    """Show dates and statuses in a note the way the page's language writes them."""
    if isinstance(value, date):
        return format_date(value, "long")
    if key == "status" and value in {s.value for s in PrisonerStatus}:
        return str(STATUS_LABELS[PrisonerStatus(value)])
    return value


def describe_notes(notes: tuple[Note, ...]) -> list[str]:
    return [
        describe(Note(note.code, **{k: _localized(k, v) for k, v in note.params}), _)
        for note in notes
    ]
