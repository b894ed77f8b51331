"""Birthday windows: pure functions, the SQL query that must agree with them, the page."""

from datetime import date, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners import birthdays, directory
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login

pytestmark = pytest.mark.dates


def person(born: date):
    return SimpleNamespace(birth_date=born)


def test_next_birthday_is_this_year_or_next():
    assert birthdays.next_birthday(date(1980, 5, 17), date(2026, 5, 17)) == date(2026, 5, 17)
    assert birthdays.next_birthday(date(1980, 5, 17), date(2026, 5, 18)) == date(2027, 5, 17)


def test_a_january_birthday_is_found_from_december():
    # Seen from 20 December with 10 days of post, the window is 30 December – 28 January.
    found = birthdays.birthdays_in_window([person(date(1990, 1, 3))], date(2026, 12, 20), 10)
    assert [(u.birthday, u.post_by) for u in found] == [(date(2027, 1, 3), date(2026, 12, 24))]
    found = birthdays.birthdays_in_window([person(date(1990, 1, 3))], date(2026, 12, 20), 0)
    assert [u.birthday for u in found] == [date(2027, 1, 3)]
    # With three weeks of post, the letter had to leave on 13 December: too late now.
    assert birthdays.birthdays_in_window([person(date(1990, 1, 3))], date(2026, 12, 20), 21) == []


def test_window_starts_after_the_postal_delay():
    start, end = birthdays.window(date(2026, 12, 20), 21)
    assert (start, end) == (date(2027, 1, 10), date(2027, 2, 8))
    found = birthdays.birthdays_in_window([person(date(1990, 1, 15))], date(2026, 12, 20), 21)
    assert [(u.birthday, u.post_by) for u in found] == [(date(2027, 1, 15), date(2026, 12, 25))]


def test_29_february_is_celebrated_on_28_february_in_common_years():
    leapling = person(date(1992, 2, 29))
    assert birthdays.next_birthday(leapling.birth_date, date(2027, 2, 1)) == date(2027, 2, 28)
    assert birthdays.next_birthday(leapling.birth_date, date(2028, 2, 1)) == date(2028, 2, 29)
    # A window that ends on 28 February of a common year still catches it...
    found = birthdays.birthdays_in_window([leapling], date(2027, 1, 30), 0, span_days=30)
    assert [u.birthday for u in found] == [date(2027, 2, 28)]
    # ...and one that starts on 1 March does not.
    assert birthdays.birthdays_in_window([leapling], date(2027, 3, 1), 0) == []


def test_results_are_sorted_soonest_first_and_skip_unknown_birth_dates():
    people = [person(date(1980, 1, 10)), person(None), person(date(1970, 12, 25))]
    found = birthdays.birthdays_in_window(people, date(2026, 12, 20), 0)
    assert [u.birthday for u in found] == [date(2026, 12, 25), date(2027, 1, 10)]


def test_span_is_bounded():
    with pytest.raises(ValueError):
        birthdays.window(date(2026, 1, 1), 21, span_days=0)


BIRTH_DATES = [
    date(1980, 1, 1),
    date(1981, 1, 3),
    date(1992, 2, 28),
    date(1992, 2, 29),
    date(1993, 3, 1),
    date(1975, 6, 15),
    date(1960, 12, 20),
    date(1961, 12, 31),
]


@pytest.mark.parametrize("year", [2027, 2028])  # a common year and a leap year
def test_the_sql_query_agrees_with_the_pure_function_every_few_days(app, year):
    for born in BIRTH_DATES:
        make_prisoner(name_ru=f"Рождённый {born.isoformat()}", birth_date=born, commit=False)
    make_prisoner(name_ru="Вышедший", birth_date=date(1980, 1, 2), status=PrisonerStatus.RELEASED)
    active = [p for p in db.session.scalars(db.select(Prisoner)) if p.status == "active"]
    day = date(year - 1, 12, 1)
    while day < date(year, 12, 31):
        for delay in (0, 21):
            query = directory.upcoming_birthdays_query(day, delay)
            from_sql = directory.with_birthdays(db.session.scalars(query).all(), day, delay)
            expected = birthdays.birthdays_in_window(active, day, delay)
            assert [(u.item.id, u.birthday) for u in from_sql] == [
                (u.item.id, u.birthday) for u in expected
            ], (day, delay)
        day += timedelta(days=3)


def test_birthday_page_uses_the_postal_delay_of_the_chosen_chapter(app, client, frozen_now):
    quick = make_chapter(name="Quick post", postal_delay_days=2, timezone="Asia/Tbilisi")
    slow = make_chapter(name="Slow post", postal_delay_days=20, timezone="Asia/Tbilisi")
    # The page counts from today in the chapter's time zone.
    today = frozen_now.astimezone(ZoneInfo("Asia/Tbilisi")).date()
    soon = make_prisoner(
        name_ru="Скоро Именинник", birth_date=_born_1984(today + timedelta(days=5))
    )
    later = make_prisoner(
        name_ru="Позже Именинник", birth_date=_born_1984(today + timedelta(days=25))
    )
    user = make_user(chapter=quick, role=Role.HOST)
    from eventsite.auth.models import Membership

    db.session.add(Membership(user=user, chapter=slow, role=Role.HOST))
    db.session.commit()
    login(client, user.email)
    page = client.get("/prisoners/birthdays", query_string={"chapter": quick.slug}).text
    assert soon.name_ru in page and later.name_ru in page
    assert "Post by" in page and '<p class="line">601446</p>' in page
    page = client.get("/prisoners/birthdays", query_string={"chapter": slow.slug}).text
    assert soon.name_ru not in page and later.name_ru in page
    assert "Slow post" in page  # the chapter selector


def _born_1984(birthday: date) -> date:
    """A birth date in a leap year whose birthday falls on `birthday` (29 February too)."""
    return birthday.replace(year=1984)
