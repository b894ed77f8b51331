import gettext
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from eventsite.seating.assign import AttendeeIn, PrisonerIn, Table, auto_assign, seat_one
from eventsite.seating.notes import Note, describe

GONE_TABLE = 10_000  # a table that was removed after someone was placed there


@st.composite
def evenings(draw, manual=True):
    """Random tables, prisoners, attendees and (optionally) manual placements within seats."""
    table_ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=8, unique=True))
    tables = [Table(tid, str(n), draw(st.integers(0, 7))) for n, tid in enumerate(table_ids, 1)]
    prisoner_ids = draw(st.lists(st.integers(1, 500), max_size=30, unique=True))
    prisoners = [PrisonerIn(pid, draw(st.booleans())) for pid in prisoner_ids]
    attendee_ids = draw(st.lists(st.integers(1, 500), max_size=50, unique=True))
    attendees = [AttendeeIn(aid, draw(st.booleans()), draw(st.booleans())) for aid in attendee_ids]
    prisoner_at, attendee_at = {}, {}
    if manual:
        for p in prisoners:
            tid = draw(st.sampled_from([None, GONE_TABLE, *table_ids]))
            if tid is not None:
                prisoner_at[p.id] = tid
        used = Counter()
        for a in attendees:
            free = [t.id for t in tables if used[t.id] < t.seats]
            tid = draw(st.sampled_from([None, GONE_TABLE, *free]))
            if tid is not None:
                attendee_at[a.id] = tid
                used[tid] += 1
    return tables, prisoners, attendees, prisoner_at, attendee_at


def kept(placements, tables):
    ids = {t.id for t in tables}
    return {k: v for k, v in placements.items() if v in ids}


@settings(max_examples=200, deadline=None)
@given(evenings())
def test_random_evenings_keep_every_rule(evening):
    tables, prisoners, attendees, prisoner_at, attendee_at = evening
    result = auto_assign(tables, prisoners, attendees, prisoner_at, attendee_at)
    seats = {t.id: t.seats for t in tables}
    kept_prisoners, kept_attendees = kept(prisoner_at, tables), kept(attendee_at, tables)

    # Every prisoner sits at exactly one existing table; manual placements are untouched.
    assert set(result.prisoners) == {p.id for p in prisoners}
    assert set(result.prisoners.values()) <= set(seats)
    assert kept_prisoners.items() <= result.prisoners.items()
    assert kept_attendees.items() <= result.attendees.items()

    # Never above seats; every attendee is seated once or listed as unseated, never both.
    people = Counter(result.attendees.values())
    assert all(people[tid] <= seats[tid] for tid in seats)
    assert set(result.attendees) | set(result.unseated) == {a.id for a in attendees}
    assert not set(result.attendees) & set(result.unseated)
    if sum(seats.values()) >= len(attendees):
        assert result.unseated == ()

    # Balanced as far as kept placements allow: a table only gets a new prisoner while it is
    # among the emptiest, so it ends at most one above the emptiest table.
    prisoner_counts = Counter(result.prisoners.values())
    fewest = min(prisoner_counts[tid] for tid in seats)
    for pid, tid in result.prisoners.items():
        if pid not in kept_prisoners:
            assert prisoner_counts[tid] <= fewest + 1
    # The same for people, among the tables that still have a free seat.
    open_tables = [tid for tid in seats if people[tid] < seats[tid]]
    for aid, tid in result.attendees.items():
        if aid not in kept_attendees:
            assert all(people[tid] <= people[other] + 1 for other in open_tables)

    # Readers spread: if the newly seated readers are at least as many as the tables that get
    # new people and have no reader placed by hand, each of those tables has a reader.
    by_id = {a.id: a for a in attendees}
    new = {aid: tid for aid, tid in result.attendees.items() if aid not in kept_attendees}
    kept_reader_tables = {tid for aid, tid in kept_attendees.items() if by_id[aid].reads_russian}
    needy = set(new.values()) - kept_reader_tables
    new_readers = [aid for aid in new if by_id[aid].reads_russian]
    if len(new_readers) >= len(needy):
        reader_tables = {
            result.attendees[aid] for aid in result.attendees if by_id[aid].reads_russian
        }
        assert needy <= reader_tables


@settings(max_examples=200, deadline=None)
@given(evenings(manual=False))
def test_without_manual_placements_tables_are_even(evening):
    tables, prisoners, attendees, _, _ = evening
    result = auto_assign(tables, prisoners, attendees)

    counts = Counter(result.prisoners.values())
    assert max(counts[t.id] for t in tables) - min(counts[t.id] for t in tables) <= 1
    birthday_ids = {p.id for p in prisoners if p.birthday_soon}
    birthdays = Counter(tid for pid, tid in result.prisoners.items() if pid in birthday_ids)
    assert max(birthdays[t.id] for t in tables) - min(birthdays[t.id] for t in tables) <= 1

    # Every table that gets anyone seated has a reader when there are enough readers.
    readers = {a.id for a in attendees if a.reads_russian}
    occupied = set(result.attendees.values())
    reader_tables = {tid for aid, tid in result.attendees.items() if aid in readers}
    if len(readers & set(result.attendees)) >= len(occupied):
        assert reader_tables == occupied


@settings(max_examples=200, deadline=None)
@given(evenings(), st.randoms(use_true_random=False), st.booleans())
def test_same_input_same_output_in_any_order(evening, rnd, reshuffle):
    tables, prisoners, attendees, prisoner_at, attendee_at = evening
    first = auto_assign(tables, prisoners, attendees, prisoner_at, attendee_at, reshuffle=reshuffle)
    for items in (tables, prisoners, attendees):
        rnd.shuffle(items)
    prisoner_at = dict(rnd.sample(sorted(prisoner_at.items()), len(prisoner_at)))
    attendee_at = dict(rnd.sample(sorted(attendee_at.items()), len(attendee_at)))
    again = auto_assign(tables, prisoners, attendees, prisoner_at, attendee_at, reshuffle=reshuffle)
    assert again == first


def six_tables():
    return [Table(tid, str(tid), 6) for tid in range(1, 7)]


def test_too_few_readers_is_explained_per_table():
    attendees = [AttendeeIn(aid, reads_russian=aid <= 4) for aid in range(1, 25)]

    result = auto_assign(six_tables(), [], attendees)

    missing = [n for n in result.notes if n.code == "no_reader"]
    assert missing == [
        Note("no_reader", table_label="5", readers=4, tables=6),
        Note("no_reader", table_label="6", readers=4, tables=6),
    ]
    assert describe(missing[0], gettext.NullTranslations().gettext) == (
        "Table 5 has no Russian reader: not enough readers (readers: 4, tables: 6)."
    )
    assert Counter(result.attendees.values()) == dict.fromkeys(range(1, 7), 4)


def test_describe_goes_through_the_given_gettext():
    catalog = {"Some tables have nobody seated (tables: %(tables)s).": "Пустых столов: %(tables)s."}

    assert describe(Note("empty_tables", tables=2), lambda s: catalog.get(s, s)) == (
        "Пустых столов: 2."
    )


def test_returning_attendees_sit_with_first_timers():
    tables = [Table(tid, str(tid), 4) for tid in (1, 2, 3)]
    attendees = [AttendeeIn(aid, first_time=aid > 3) for aid in range(1, 10)]

    result = auto_assign(tables, [], attendees)

    returning_at = {result.attendees[aid] for aid in (1, 2, 3)}
    assert returning_at == {1, 2, 3}
    assert not [n for n in result.notes if n.code == "first_timers_only"]


def test_birthday_prisoners_go_to_different_tables():
    prisoners = [PrisonerIn(pid, birthday_soon=pid % 2 == 0) for pid in range(1, 13)]

    result = auto_assign(six_tables(), prisoners, [])

    assert {result.prisoners[pid] for pid in (2, 4, 6, 8, 10, 12)} == set(range(1, 7))
    assert Counter(result.prisoners.values()) == dict.fromkeys(range(1, 7), 2)


def test_manual_placements_are_kept_and_only_the_rest_is_filled():
    prisoners = [PrisonerIn(pid) for pid in range(1, 7)]
    attendees = [AttendeeIn(aid) for aid in range(1, 7)]

    result = auto_assign(six_tables(), prisoners, attendees, {1: 3, 2: 3}, {5: 1, 6: 1})

    assert result.prisoners[1] == result.prisoners[2] == 3
    assert result.attendees[5] == result.attendees[6] == 1
    assert Note("uneven_prisoners", most=2, fewest=0) in result.notes
    assert 3 not in {result.prisoners[pid] for pid in (3, 4, 5, 6)}
    assert 1 not in {result.attendees[aid] for aid in (1, 2, 3, 4)}


def test_reshuffle_ignores_manual_placements():
    prisoners = [PrisonerIn(pid) for pid in range(1, 7)]
    attendees = [AttendeeIn(aid, reads_russian=True) for aid in range(1, 7)]
    placed = auto_assign(six_tables(), prisoners, attendees, {1: 3, 2: 3}, {5: 1, 6: 1})

    result = auto_assign(
        six_tables(), prisoners, attendees, {1: 3, 2: 3}, {5: 1, 6: 1}, reshuffle=True
    )

    assert result == auto_assign(six_tables(), prisoners, attendees)
    assert result != placed
    assert Counter(result.prisoners.values()) == dict.fromkeys(range(1, 7), 1)


def test_placement_at_a_removed_table_counts_as_unplaced():
    tables = [Table(1, "A", 2), Table(2, "B", 2)]

    result = auto_assign(tables, [PrisonerIn(7)], [AttendeeIn(8)], {7: 99}, {8: 99})

    assert result.prisoners[7] in (1, 2)
    assert result.attendees[8] in (1, 2)


def test_people_beyond_the_seats_are_listed_and_explained():
    tables = [Table(1, "A", 2), Table(2, "B", 1)]
    attendees = [AttendeeIn(aid) for aid in range(1, 6)]

    result = auto_assign(tables, [], attendees)

    assert result.unseated == (4, 5)
    assert Note("unseated", people=2, seats=3) in result.notes


def test_a_table_overfilled_by_hand_gets_nobody_new():
    tables = [Table(1, "A", 1), Table(2, "B", 3)]
    attendees = [AttendeeIn(aid) for aid in range(1, 5)]

    result = auto_assign(tables, [], attendees, attendee_placements={1: 1, 2: 1})

    assert result.attendees == {1: 1, 2: 1, 3: 2, 4: 2}
    assert Note("over_seats", table_label="A", people=2, seats=1) in result.notes


def test_no_tables_places_nobody():
    result = auto_assign([], [PrisonerIn(1)], [AttendeeIn(2)])

    assert (dict(result.prisoners), dict(result.attendees)) == ({}, {})
    assert result.unseated == (2,)
    assert result.notes == (Note("no_tables"),)


def test_seat_one_prefers_a_table_without_a_reader():
    tables = [Table(1, "A", 4), Table(2, "B", 4)]
    seated = [AttendeeIn(1, reads_russian=True), AttendeeIn(2), AttendeeIn(3)]

    table = seat_one(tables, seated, {1: 1, 2: 2, 3: 2}, AttendeeIn(9, reads_russian=True))

    assert table == 2


def test_seat_one_puts_a_first_timer_with_a_returning_attendee():
    tables = [Table(1, "A", 4), Table(2, "B", 4)]
    seated = [AttendeeIn(1, first_time=True), AttendeeIn(2, first_time=False)]

    assert seat_one(tables, seated, {1: 1, 2: 2}, AttendeeIn(9, first_time=True)) == 2
    assert seat_one(tables, seated, {1: 1, 2: 2}, AttendeeIn(9, first_time=False)) == 1


def test_seat_one_fills_the_emptiest_table_and_says_none_when_full():
    tables = [Table(1, "A", 2), Table(2, "B", 2)]
    seated = [AttendeeIn(aid) for aid in (1, 2, 3)]

    assert seat_one(tables, seated, {1: 1, 2: 1, 3: 2}, AttendeeIn(9)) == 2
    seated.append(AttendeeIn(4))
    # Asking again for someone already placed does not count them twice.
    assert seat_one(tables, seated, {1: 1, 2: 1, 3: 2, 4: 2}, AttendeeIn(4)) == 2
    assert seat_one(tables, seated, {1: 1, 2: 1, 3: 2, 4: 2}, AttendeeIn(9)) is None


def test_a_large_evening_seats_everyone_evenly():
    rnd = random.Random(5)
    tables = [Table(tid, str(tid), 6) for tid in range(1, 61)]
    attendees = [AttendeeIn(aid, rnd.random() < 0.5, rnd.random() < 0.3) for aid in range(300)]

    result = auto_assign(tables, [PrisonerIn(pid) for pid in range(200)], attendees)

    assert result.unseated == ()
    assert set(Counter(result.attendees.values()).values()) == {5}
    assert not [n for n in result.notes if n.code in ("no_reader", "first_timers_only")]
