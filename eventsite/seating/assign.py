"""Auto-assign prisoners and attendees to the tables of an evening, as plain data."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from eventsite.seating.notes import Note


@dataclass(frozen=True)
class Table:
    id: int
    label: str
    seats: int


@dataclass(frozen=True)
class PrisonerIn:
    id: int
    birthday_soon: bool = False


@dataclass(frozen=True)
class AttendeeIn:
    id: int
    reads_russian: bool = False
    first_time: bool = False


@dataclass(frozen=True)
class Assignment:
    """Where every prisoner and attendee sits (id -> table id), who has no seat, and why."""

    prisoners: Mapping[int, int]
    attendees: Mapping[int, int]
    unseated: tuple[int, ...]
    notes: tuple[Note, ...]


def auto_assign(
    tables: Iterable[Table],
    prisoners: Iterable[PrisonerIn],
    attendees: Iterable[AttendeeIn],
    prisoner_placements: Mapping[int, int] | None = None,
    attendee_placements: Mapping[int, int] | None = None,
    *,
    reshuffle: bool = False,
) -> Assignment:
    """Keep manual placements (unless reshuffling) and place everyone else."""
    tables = sorted({t.id: t for t in tables}.values(), key=lambda t: t.id)
    prisoners = sorted({p.id: p for p in prisoners}.values(), key=lambda p: p.id)
    attendees = sorted({a.id: a for a in attendees}.values(), key=lambda a: a.id)
    if not tables:
        notes = (Note("no_tables"),) if prisoners or attendees else ()
        return Assignment(_frozen({}), _frozen({}), tuple(a.id for a in attendees), notes)
    table_ids = {t.id for t in tables}

    def kept(placements, people):
        if reshuffle or not placements:
            return {}
        return {x.id: placements[x.id] for x in people if placements.get(x.id) in table_ids}

    prisoner_at = _place_prisoners(tables, prisoners, kept(prisoner_placements, prisoners))
    attendee_at, unseated = _seat_attendees(tables, attendees, kept(attendee_placements, attendees))
    notes = _prisoner_notes(tables, prisoners, prisoner_at) + _attendee_notes(
        tables, attendees, attendee_at, unseated
    )
    return Assignment(_frozen(prisoner_at), _frozen(attendee_at), tuple(unseated), notes)


def seat_one(
    tables: Iterable[Table],
    attendees: Iterable[AttendeeIn],
    placements: Mapping[int, int],
    person: AttendeeIn,
) -> int | None:
    """Pick a table with a free seat for one more person (a walk-in), or None if all are full."""
    tables = sorted(tables, key=lambda t: t.id)
    others = {a.id: a for a in attendees if a.id != person.id}
    stats = _Stats.of(others, placements)
    open_ids = [t.id for t in tables if stats.count[t.id] < t.seats]
    if not open_ids:
        return None
    return min(open_ids, key=lambda tid: (*stats.preference(person, tid), stats.count[tid], tid))


def _place_prisoners(tables, prisoners, kept):
    """Fill every table up to an even share; birthday prisoners first, one per table in turn."""
    counts = Counter(kept.values())
    birthdays = Counter(kept[p.id] for p in prisoners if p.birthday_soon and p.id in kept)
    new = [p for p in prisoners if p.id not in kept]
    target = _even_targets(tables, counts, len(new), cap=False)
    spare = {t.id: target[t.id] - counts[t.id] for t in tables}
    placed = dict(kept)
    for p in sorted(new, key=lambda p: (not p.birthday_soon, p.id)):
        tid = min(
            (tid for tid in spare if spare[tid] > 0),
            key=lambda tid: (birthdays[tid] if p.birthday_soon else 0, -spare[tid], tid),
        )
        placed[p.id] = tid
        spare[tid] -= 1
        birthdays[tid] += p.birthday_soon
    return placed


def _seat_attendees(tables, attendees, kept):
    """Seat the unplaced in id order while seats last, readers first, then returning people."""
    by_id = {a.id: a for a in attendees}
    stats = _Stats.of(by_id, kept)
    new = [a for a in attendees if a.id not in kept]
    room = sum(max(t.seats - stats.count[t.id], 0) for t in tables)
    seated, unseated = new[:room], [a.id for a in new[room:]]
    target = _even_targets(tables, stats.count, len(seated), cap=True)
    spare = {t.id: target[t.id] - stats.count[t.id] for t in tables}
    placed = dict(kept)
    for a in sorted(seated, key=lambda a: (not a.reads_russian, a.first_time, a.id)):
        tid = min(
            (tid for tid in spare if spare[tid] > 0),
            key=lambda tid: (*stats.preference(a, tid), -spare[tid], tid),
        )
        placed[a.id] = tid
        spare[tid] -= 1
        stats.add(a, tid)
    return placed, unseated


def _even_targets(tables, counts, n, *, cap):
    """Add n people one at a time to the emptiest table (with a free seat if `cap`)."""
    target = {t.id: counts[t.id] for t in tables}
    for _ in range(n):
        best = min(
            (t for t in tables if not cap or target[t.id] < t.seats),
            key=lambda t: (target[t.id], -t.seats, t.id),
        )
        target[best.id] += 1
    return target


@dataclass
class _Stats:
    """Running counts per table: people, Russian readers, returning people, first-timers."""

    count: Counter
    readers: Counter
    returning: Counter
    first: Counter

    @classmethod
    def of(cls, by_id, placements):
        stats = cls(Counter(), Counter(), Counter(), Counter())
        for aid, tid in placements.items():
            if aid in by_id:
                stats.add(by_id[aid], tid)
        return stats

    def add(self, a, tid):
        self.count[tid] += 1
        self.readers[tid] += a.reads_russian
        self.returning[tid] += not a.first_time
        self.first[tid] += a.first_time

    def preference(self, a, tid):
        """Lower is better: fewest readers for a reader, then returning and first-timers mixed."""
        reader = self.readers[tid] if a.reads_russian else 0
        if a.first_time:
            return (reader, self.returning[tid] == 0, self.first[tid])
        return (reader, self.returning[tid], self.first[tid] == 0)


def _prisoner_notes(tables, prisoners, placed):
    counts = Counter(placed.values())
    notes = []
    if prisoners and any(counts[t.id] == 0 for t in tables):
        notes.append(Note("few_prisoners", prisoners=len(prisoners), tables=len(tables)))
    most, fewest = max(counts[t.id] for t in tables), min(counts[t.id] for t in tables)
    if most - fewest > 1:
        notes.append(Note("uneven_prisoners", most=most, fewest=fewest))
    return tuple(notes)


def _attendee_notes(tables, attendees, placed, unseated):
    stats = _Stats.of({a.id: a for a in attendees}, placed)
    occupied = [t for t in tables if stats.count[t.id]]
    readers = sum(stats.readers.values())
    returning = sum(stats.returning.values())
    notes = []
    if unseated:
        notes.append(Note("unseated", people=len(unseated), seats=sum(t.seats for t in tables)))
    for t in tables:
        if stats.count[t.id] > t.seats:
            notes.append(
                Note("over_seats", table_label=t.label, people=stats.count[t.id], seats=t.seats)
            )
    for t in occupied:
        if not stats.readers[t.id]:
            if readers < len(occupied):
                notes.append(
                    Note("no_reader", table_label=t.label, readers=readers, tables=len(occupied))
                )
            else:
                notes.append(Note("no_reader_kept", table_label=t.label))
        if stats.first[t.id] and not stats.returning[t.id]:
            notes.append(
                Note(
                    "first_timers_only",
                    table_label=t.label,
                    returning=returning,
                    tables=len(occupied),
                )
            )
    if attendees and len(occupied) < len(tables):
        notes.append(Note("empty_tables", tables=len(tables) - len(occupied)))
    return tuple(notes)


def _frozen(mapping):
    return MappingProxyType(dict(sorted(mapping.items())))
