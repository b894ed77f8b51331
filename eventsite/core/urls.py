"""Absolute links for emails and calendars: always on BASE_URL, never on request headers."""

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import IntegerConverter


def absolute_url(endpoint: str, **values) -> str:
    """Return e.g. https://letters.example.org/rsvp/<token> for an endpoint and its values.

    For links that leave the site: emails, calendar files, the feed a calendar app
    subscribes to. Works inside and outside requests, and never looks at the request's
    Host or X-Forwarded-Host (a forged one must not reach a mailed link); pages link
    relatively.
    """
    base = urlsplit(current_app.config["BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


# The older name, kept for its callers: the same link, from BASE_URL alone.
external_url = absolute_url


class AsciiIntegerConverter(IntegerConverter):
    """`<int:…>` in routes, ASCII digits only (werkzeug's \\d also matches "١٢")."""

    regex = r"[0-9]+"
