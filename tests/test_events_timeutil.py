from datetime import date, time

import pytest

from eventsite.events.timeutil import NonexistentTime, repeat_dates, to_utc

pytestmark = pytest.mark.dates


def test_weekly_and_biweekly():
    start = date(2026, 12, 3)
    assert repeat_dates(start, "weekly", 3) == [
        date(2026, 12, 3),
        date(2026, 12, 10),
        date(2026, 12, 17),
    ]
    assert repeat_dates(start, "biweekly", 2) == [date(2026, 12, 3), date(2026, 12, 17)]


def test_monthly_same_nth_weekday_skips_months_without_it():
    # 29 Oct 2026 is the 5th Thursday; Nov 2026 has no 5th Thursday, Dec does (31st).
    assert repeat_dates(date(2026, 10, 29), "monthly_nth", 3) == [
        date(2026, 10, 29),
        date(2026, 12, 31),
        date(2027, 4, 29),
    ]
    # 2nd Tuesday
    assert repeat_dates(date(2026, 11, 10), "monthly_nth", 3) == [
        date(2026, 11, 10),
        date(2026, 12, 8),
        date(2027, 1, 12),
    ]


def test_monthly_last_weekday_across_the_year_end():
    assert repeat_dates(date(2026, 11, 26), "monthly_last", 3) == [
        date(2026, 11, 26),
        date(2026, 12, 31),
        date(2027, 1, 28),
    ]


def test_to_utc_refuses_the_spring_forward_gap_and_takes_the_first_of_an_ambiguous_hour():
    with pytest.raises(NonexistentTime):
        to_utc(date(2026, 3, 29), time(2, 30), "Europe/Berlin")
    assert to_utc(date(2026, 10, 25), time(2, 30), "Europe/Berlin").hour == 0  # CEST reading
