import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventsite.seating.notes import Note
from eventsite.seating.suggest import Candidate, birthday_in_window, birthday_window, suggest

pytestmark = pytest.mark.dates


def candidate(id, born=None, letters=0, status="active", tags=()):
    return Candidate(id, f"Prisoner {id}", status, born, "", frozenset(tags), letters)


def ids(result):
    return [s.candidate.id for s in result.ranked]


def test_window_starts_when_the_mail_arrives_and_spans_30_days():
    assert birthday_window(date(2025, 3, 1), 14) == (date(2025, 3, 15), date(2025, 4, 13))


def test_birthdays_across_the_year_end():
    # Posted on 10 December, arriving on 24 December: the window runs to 22 January.
    people = [
        candidate(1, date(1990, 12, 23)),  # the day before the mail arrives
        candidate(2, date(1990, 12, 24)),  # the first day
        candidate(3, date(1985, 1, 5)),  # next year
        candidate(4, date(1990, 1, 22)),  # the last day
        candidate(5, date(1990, 1, 23)),  # a day too late
    ]

    result = suggest(people, date(2024, 12, 10), 14)

    birthdays = {s.candidate.id: s.birthday for s in result.ranked}
    assert birthdays == {
        1: None,
        2: date(2024, 12, 24),
        3: date(2025, 1, 5),
        4: date(2025, 1, 22),
        5: None,
    }
    assert Note("birthday", date=date(2025, 1, 5), age=40) in result.ranked[1].reasons
    assert ids(result) == [2, 3, 4, 1, 5]


def test_29_february_is_celebrated_on_28_february_in_other_years():
    leapling = candidate(1, date(2000, 2, 29))

    (common_year,) = suggest([leapling], date(2025, 2, 10), 10).ranked
    (leap_year,) = suggest([leapling], date(2024, 2, 10), 10).ranked
    (too_late,) = suggest([leapling], date(2025, 2, 19), 10).ranked  # arrives on 1 March

    assert common_year.birthday == date(2025, 2, 28)
    assert leap_year.birthday == date(2024, 2, 29)
    assert too_late.birthday is None


def test_fewest_letters_first_ties_by_id():
    people = [candidate(4, letters=2), candidate(2, letters=0), candidate(3, letters=2)]

    result = suggest(people, date(2025, 6, 1), 7)

    assert ids(result) == [2, 3, 4]
    assert result.ranked[0].reasons == (Note("recent_letters", letters=0),)


def test_birthday_beats_letters_and_theme_beats_birthday():
    people = [
        candidate(1, letters=0),
        candidate(2, date(1980, 6, 20), letters=9),
        candidate(3, letters=5, tags={"Journalists"}),
    ]

    assert ids(suggest(people, date(2025, 6, 1), 7)) == [2, 1, 3]
    themed = suggest(people, date(2025, 6, 1), 7, theme="journalists")
    assert ids(themed) == [3, 2, 1]
    assert themed.ranked[0].reasons[0] == Note("theme", tag="journalists")


def test_only_active_prisoners_with_the_status_as_the_reason():
    people = [candidate(1), candidate(2, status="released"), candidate(3, status="unknown")]

    result = suggest(people, date(2025, 6, 1), 7)

    assert ids(result) == [1]
    assert [(c.id, note) for c, note in result.excluded] == [
        (2, Note("status", status="released")),
        (3, Note("status", status="unknown")),
    ]


def test_order_does_not_depend_on_input_order():
    rnd = random.Random(3)
    people = [
        candidate(i, date(1970 + i % 40, 1 + i % 12, 1 + i % 28), letters=i % 4) for i in range(200)
    ]
    first = suggest(people, date(2025, 1, 15), 10, theme="women")

    rnd.shuffle(people)

    assert suggest(people, date(2025, 1, 15), 10, theme="women") == first


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(1930, 1, 1), date(2010, 12, 31)),
    st.dates(date(2020, 1, 1), date(2040, 12, 31)),
    st.integers(0, 60),
)
def test_birthday_in_window_matches_a_day_by_day_walk(born, evening, delay):
    first, last = birthday_window(evening, delay)
    expected = None
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
        if (day.month, day.day) == (born.month, born.day) or (
            (born.month, born.day) == (2, 29) and not leap and (day.month, day.day) == (2, 28)
        ):
            expected = day
            break

    assert birthday_in_window(born, first, last) == expected


def test_an_address_that_may_not_reach_them_leaves_a_candidate_out():
    doubtful = Candidate(7, "Prisoner 7", "active", None, "", frozenset(), 0, address_ok=False)
    result = suggest([candidate(1), doubtful], date(2025, 6, 1), 7)
    assert ids(result) == [1]
    assert result.excluded == ((doubtful, Note("address")),)
