"""Birthday windows: whose birthday falls when a letter posted on a given day arrives.

A birthday on 29 February is celebrated on 28 February in years without one (a card
a day early is welcome; one a day late is not).
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, and_, case, or_

T = TypeVar("T")
MAX_SPAN_DAYS = 360


@dataclass(frozen=True)
class Upcoming(Generic[T]):
    item: T
    birthday: date  # the day the birthday falls within the window
    post_by: date  # the last day to post so the letter arrives by the birthday


def birthday_in_year(birth_date: date, year: int) -> date:
    """Return the day the birthday is celebrated in `year` (29 Feb → 28 Feb if needed)."""
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth_date.replace(year=year)


def next_birthday(birth_date: date, on_or_after: date) -> date:
    """Return the first birthday on or after a date."""
    this_year = birthday_in_year(birth_date, on_or_after.year)
    if this_year >= on_or_after:
        return this_year
    return birthday_in_year(birth_date, on_or_after.year + 1)


def window(reference: date, postal_delay_days: int, span_days: int = 30) -> tuple[date, date]:
    """Return the first and last day (inclusive) of birthdays a letter posted on `reference` meets.

    For an evening, `reference` is the evening's date; for "write now", today.
    """
    if not 1 <= span_days <= MAX_SPAN_DAYS:
        raise ValueError(f"span_days must be between 1 and {MAX_SPAN_DAYS}")
    start = reference + timedelta(days=postal_delay_days)
    return start, start + timedelta(days=span_days - 1)


def birthdays_in_window(
    items: Iterable[T],
    reference: date,
    postal_delay_days: int,
    span_days: int = 30,
    birth_date=lambda item: item.birth_date,
) -> list[Upcoming[T]]:
    """Return the items whose birthday falls in the window, soonest first, with post-by dates."""
    start, end = window(reference, postal_delay_days, span_days)
    found = []
    for item in items:
        born = birth_date(item)
        if born is None:
            continue
        birthday = next_birthday(born, start)
        if birthday <= end:
            found.append(upcoming(item, birthday, postal_delay_days))
    found.sort(key=lambda u: u.birthday)
    return found


def upcoming(item: T, birthday: date, postal_delay_days: int) -> Upcoming[T]:
    return Upcoming(item, birthday, birthday - timedelta(days=postal_delay_days))


def _monthday(day: date) -> int:
    return day.month * 100 + day.day


def _range(column, first: date, last: date) -> ColumnElement[bool]:
    """Match month*100+day values of birthdays celebrated between two days of one year."""
    low, high = _monthday(first), _monthday(last)
    clause = column.between(low, high)
    if high == 228 and not calendar.isleap(last.year):
        clause = or_(clause, column == 229)  # celebrated on the 28th this year
    return clause


def monthday_filter(column, start: date, end: date) -> ColumnElement[bool]:
    """Return an SQL condition on a month*100+day column for birthdays in [start, end]."""
    if start.year == end.year:
        return _range(column, start, end)
    return or_(
        _range(column, start, date(start.year, 12, 31)),
        _range(column, date(end.year, 1, 1), end),
    )


def monthday_order(column, start: date):
    """Return an ORDER BY expression listing birthdays from `start` on, across the year end."""
    return case((column >= _monthday(start), 0), else_=1), column


def month_filter(column, month: int) -> ColumnElement[bool]:
    """Return an SQL condition for birthdays in a month."""
    return and_(column >= month * 100, column < (month + 1) * 100)
