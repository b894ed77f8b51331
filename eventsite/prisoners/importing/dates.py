"""Dates as lists write them: ISO, Russian dots, slashes, two-digit years, a year alone,
«14 марта 1988 г.», spreadsheet dates and Excel's serial day numbers."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from eventsite.prisoners.importing.messages import gettext as _

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:\s*г\.?)?$")
_SLASHES = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})\s*(?:г(?:\.|ода?)?\s*(?:р\.?)?)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\s*(?:г\.?|года))?$", re.I)
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 system, its 1900 leap day included


@dataclass(frozen=True, slots=True)
class DateReading:
    day: date | None = None
    year: int | None = None  # set with `day`, or alone for "1990"
    error: str | None = None
    note: str | None = None  # how an unusual form was read


def us_style(values) -> bool:
    """Say whether a column's slash dates are month/day: one of them only reads that way."""
    for value in values:
        match = _SLASHES.match((value or "").strip())
        if match and int(match[1]) <= 12 < int(match[2]):
            return True
    return False


def read_date(
    value: str, *, column: str, year_alone: bool, today: date, us_column: bool = False
) -> DateReading:
    """Read one cell; a year alone only where `year_alone` (a birth year)."""
    text = " ".join((value or "").split())
    if not text:
        return DateReading()
    shown = text[:40]
    if match := _ISO.match(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), column, shown)
    if match := _DOTS.match(text):
        year = int(match[3])
        note = None
        if len(match[3]) == 2:
            year = _century(year, today, column)
            note = _(
                "%(column)s: “%(value)s” read as %(year)d.", column=column, value=shown, year=year
            )
        reading = _make(year, int(match[2]), int(match[1]), column, shown)
        return DateReading(reading.day, reading.year, reading.error, note if reading.day else None)
    if match := _SLASHES.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first <= 12 < second:
            return DateReading(
                error=_(
                    "%(column)s: “%(value)s” reads as month/day (US style); write it as "
                    "%(day)02d.%(month)02d.%(year)d or %(year)d-%(month)02d-%(day)02d.",
                    column=column, value=shown, day=second, month=first, year=year,
                )
            )  # fmt: skip
        if us_column and first <= 12 and second <= 12 and first != second:
            return DateReading(
                error=_(
                    "%(column)s: “%(value)s” could be %(a)s or %(b)s: this column also has "
                    "US-style dates (month/day). Write dates as DD.MM.YYYY or YYYY-MM-DD.",
                    column=column,
                    value=shown,
                    a=f"{first:02d}.{second:02d}.{year}",
                    b=f"{second:02d}.{first:02d}.{year}",
                )
            )
        return _make(year, second, first, column, shown)
    if match := _WORDS.match(text):
        month = _month(match[2])
        if month:
            return _make(int(match[3]), month, int(match[1]), column, shown)
    if match := _YEAR.match(text):
        year = int(match[1])
        if not year_alone:
            return DateReading(
                error=_(
                    "%(column)s: “%(value)s” is a year; give the full date.",
                    column=column,
                    value=shown,
                )
            )
        return DateReading(year=year)
    if match := _SERIAL.match(text):
        day = EXCEL_EPOCH + timedelta(days=int(match[1]))
        if date(1900, 1, 1) <= day <= date(2100, 1, 1):
            return DateReading(
                day,
                day.year,
                note=_(
                    "%(column)s: “%(value)s” read as a spreadsheet date, %(day)s.",
                    column=column,
                    value=shown,
                    day=day.isoformat(),
                ),
            )
    return _not_a_date(column, shown)


def _century(two_digits: int, today: date, column: str) -> int:
    """14.03.88 is 1988; 01.02.05 is 2005 unless that is too late for the column."""
    latest = today.year - (14 if column == "birth_date" else 0)
    year = 2000 + two_digits
    return year if year <= latest else 1900 + two_digits


def _month(word: str) -> int | None:
    word = word.lower()
    for stem, number in MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word in ("мая", "май")):
            return number
    return None


def _make(year: int, month: int, day: int, column: str, shown: str) -> DateReading:
    try:
        value = date(year, month, day)
    except ValueError:
        return _not_a_date(column, shown)
    return DateReading(value, value.year)


def _not_a_date(column: str, shown: str) -> DateReading:
    return DateReading(
        error=_(
            "%(column)s: “%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY).",
            column=column,
            value=shown,
        )
    )
