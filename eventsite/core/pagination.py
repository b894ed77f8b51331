"""Numbers and filters from the query string, kept in a range the database can take."""

import re

from flask import request

MAX_PAGE = 100_000
# ASCII digits only: Python's int() also takes "١٢" or "１２", and str.isdigit() says yes
# to "²", which int() then refuses with an error.
DIGITS = re.compile(r"[0-9]{1,9}")


def ascii_int(value: str | None) -> int | None:
    """The number written in ASCII digits, or None for anything else."""
    return int(value) if value is not None and DIGITS.fullmatch(value) else None


def page_number(arg: str = "page") -> int:
    """A page argument: 1 when missing or nonsense, never beyond MAX_PAGE."""
    number = ascii_int(request.args.get(arg))
    return min(max(number or 1, 1), MAX_PAGE)


# The query-string filters list pages keep in their links (pager, export).
FILTERS = ("q", "status", "month", "tag", "route", "chapter", "theme")


def filter_args() -> dict[str, str]:
    return query_args(*FILTERS)


def query_args(*names: str) -> dict[str, str]:
    """The named query-string arguments that are present, for links that keep filters.

    Only these names: arbitrary keys handed to url_for() could collide with its own
    parameters (endpoint, _method, _external, …) and break the page.
    """
    return {name: request.args[name] for name in names if request.args.get(name)}
