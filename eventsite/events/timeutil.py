"""Wall-clock times in a chapter's time zone <-> UTC, and repeating dates."""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

REPEATS = ("none", "weekly", "biweekly", "monthly_nth", "monthly_last")


class NonexistentTime(ValueError):
    """The wall-clock time is skipped by a daylight-saving change."""


def to_utc(day: date, at: time, tz: str) -> datetime:
    """Turn a local date and time in `tz` into an aware UTC datetime."""
    zone = ZoneInfo(tz)
    local = datetime.combine(day, at, tzinfo=zone)
    # A time in the spring-forward gap does not survive the round trip.
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(f"{day} {at} does not exist in {tz}")
    return local.astimezone(UTC)


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def repeat_dates(first: date, repeat: str, count: int) -> list[date]:
    """Return `count` dates starting at `first` following the repeat rule.

    `monthly_nth` keeps the weekday and its rank ("2nd Tuesday"); months without a
    5th such weekday are skipped. `monthly_last` is "the last Thursday".
    """
    if repeat == "none" or count <= 1:
        return [first]
    if repeat in ("weekly", "biweekly"):
        step = timedelta(weeks=1 if repeat == "weekly" else 2)
        return [first + step * i for i in range(count)]
    dates = [first]
    rank = (first.day - 1) // 7 + 1
    year, month = first.year, first.month
    while len(dates) < count:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if repeat == "monthly_last":
            dates.append(_last_weekday(year, month, first.weekday()))
        else:
            day = _nth_weekday(year, month, first.weekday(), rank)
            if day is not None:
                dates.append(day)
    return dates


def skipped_months(dates: list[date]) -> list[date]:
    """The months (as their 1st day) a monthly series jumps over between its dates."""
    skipped = []
    for before, after in pairwise(dates):
        year, month = before.year, before.month + 1
        while (year, month) < (after.year, after.month):
            if month > 12:
                year, month = year + 1, 1
                continue
            skipped.append(date(year, month, 1))
            month += 1
    return skipped


def week_rank(day: date) -> int:
    """1 for the first such weekday of its month, ..., 5 for a fifth."""
    return (day.day - 1) // 7 + 1
