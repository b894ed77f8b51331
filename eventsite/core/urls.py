"""Absolute links, built from BASE_URL alone: a request's Host header never reaches them."""

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import IntegerConverter


def absolute_url(endpoint: str, **values) -> str:
    """Return e.g. https://letters.example.org/rsvp/<token> for an endpoint and its values.

    For links that leave the site: emails, calendar files, the feed a calendar app
    subscribes to. Works inside and outside requests; pages link relatively.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


class AsciiIntegerConverter(IntegerConverter):
    """`<int:…>` in routes, ASCII digits only (werkzeug's \\d also matches "١٢")."""

    regex = r"[0-9]+"
