"""Suggest prisoners for an evening: birthdays when the mail arrives, fewest recent letters."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from eventsite.prisoners.birthdays import next_birthday, window
from eventsite.seating.notes import Note

BIRTHDAY_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    status: str
    birth_date: date | None = None
    restrictions: str = ""
    tags: frozenset[str] = frozenset()
    letters_last_90_days: int = 0


@dataclass(frozen=True)
class Suggestion:
    """A candidate with the reasons it is suggested; `birthday` is the date it is celebrated."""

    candidate: Candidate
    reasons: tuple[Note, ...]
    birthday: date | None
    theme_match: bool


@dataclass(frozen=True)
class Suggestions:
    """Active candidates best first, and the others with their status as the reason."""

    ranked: tuple[Suggestion, ...]
    excluded: tuple[tuple[Candidate, Note], ...]


def birthday_window(evening: date, postal_delay_days: int) -> tuple[date, date]:
    """Return the first and last day (inclusive) on which a birthday letter lands in time."""
    return window(evening, postal_delay_days, BIRTHDAY_WINDOW_DAYS)


def birthday_in_window(birth_date: date | None, first: date, last: date) -> date | None:
    """Return the birthday that falls between first and last (inclusive), if any."""
    if birth_date is None:
        return None
    day = next_birthday(birth_date, first)
    return day if day <= last and day.year > birth_date.year else None


def suggest(
    candidates: Iterable[Candidate],
    evening: date,
    postal_delay_days: int,
    theme: str | None = None,
) -> Suggestions:
    """Rank active candidates: theme match, then birthday in the window, then fewest letters."""
    first, last = birthday_window(evening, postal_delay_days)
    theme_key = theme.strip().casefold() if theme else None
    ranked, excluded = [], []
    for c in sorted(candidates, key=lambda c: c.id):
        if c.status != "active":
            excluded.append((c, Note("status", status=c.status)))
            continue
        reasons = []
        match = theme_key is not None and theme_key in {t.casefold() for t in c.tags}
        if match:
            reasons.append(Note("theme", tag=theme))
        birthday = birthday_in_window(c.birth_date, first, last)
        if birthday and c.birth_date:
            age = birthday.year - c.birth_date.year
            reasons.append(Note("birthday", date=birthday, age=age))
        reasons.append(Note("recent_letters", letters=c.letters_last_90_days))
        ranked.append(Suggestion(c, tuple(reasons), birthday, match))
    ranked.sort(
        key=lambda s: (
            not s.theme_match,
            s.birthday is None,
            s.candidate.letters_last_90_days,
            s.candidate.id,
        )
    )
    return Suggestions(tuple(ranked), tuple(excluded))
