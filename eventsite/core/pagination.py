"""Page numbers from the query string, kept in a range the database can take."""

from flask import request

MAX_PAGE = 100_000


def page_number(arg: str = "page") -> int:
    """A page argument: 1 when missing or nonsense, never beyond MAX_PAGE."""
    return min(max(request.args.get(arg, 1, type=int), 1), MAX_PAGE)
