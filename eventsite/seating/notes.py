"""Explanations as data (a code and parameters) and their English wording."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsite.core.i18n import N_


@dataclass(frozen=True, init=False)
class Note:
    """One machine-readable explanation: `Note("no_reader", table_label="3", readers=4)`."""

    code: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, code: str, **params: Any):
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    @property
    def args(self) -> dict[str, Any]:
        """Return the parameters as a dict."""
        return dict(self.params)


# Wording avoids plural forms ("readers: 4") so one gettext string fits every count and language.
MESSAGES = {
    "no_tables": N_("There are no tables yet: create tables first."),
    "unseated": N_(
        "Not everyone has a seat (without a seat: %(people)s; seats in all: %(seats)s). "
        "Add seats or a table."
    ),
    "over_seats": N_(
        "Table %(table_label)s has more people than seats (people: %(people)s, "
        "seats: %(seats)s), because of places set by hand."
    ),
    "no_reader": N_(
        "Table %(table_label)s has no Russian reader: not enough readers "
        "(readers: %(readers)s, tables: %(tables)s)."
    ),
    "no_reader_kept": N_(
        "Table %(table_label)s has no Russian reader: the readers were placed at other "
        "tables by hand."
    ),
    "first_timers_only": N_(
        "Table %(table_label)s has only first-timers (returning attendees: %(returning)s, "
        "tables: %(tables)s)."
    ),
    "empty_tables": N_("Some tables have nobody seated (tables: %(tables)s)."),
    "few_prisoners": N_(
        "Some tables have no prisoner (prisoners: %(prisoners)s, tables: %(tables)s)."
    ),
    "uneven_prisoners": N_(
        "Prisoners per table differ by more than one (most: %(most)s, fewest: %(fewest)s), "
        "because of places set by hand. Reshuffle to even them out."
    ),
    "birthday": N_(
        "Birthday on %(date)s, when letters posted after the evening arrive (turns %(age)s)."
    ),
    "recent_letters": N_("Letters in the last 90 days: %(letters)s."),
    "theme": N_("Matches the theme: %(tag)s."),
    "status": N_("Not active (status: %(status)s)."),
    "address": N_("The address is out of date or unconfirmed: check it before anyone writes."),
}


def describe(note: Note, gettext: Callable[[str], str]) -> str:
    """Render a note in the current language through the given gettext function."""
    return gettext(MESSAGES[note.code]) % note.args
