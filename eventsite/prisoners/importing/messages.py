"""Translated messages for a whole import: the catalog is looked up once per file, not per cell.

Flask-Babel finds the request's catalog again on every call (about 100 µs); a list of
5,000 rows says several things about each row.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask_babel import get_translations
from flask_babel import gettext as flask_gettext

_catalog: ContextVar = ContextVar("import_catalog", default=None)


@contextmanager
def one_catalog() -> Iterator[None]:
    """Translate every message inside the block through the current request's catalog."""
    token = _catalog.set(get_translations())
    try:
        yield
    finally:
        _catalog.reset(token)


def gettext(message: str, **params) -> str:
    catalog = _catalog.get()
    if catalog is None:
        return flask_gettext(message, **params)
    text = catalog.ugettext(message)
    return text % params if params else text


def label(lazy) -> str:
    """A lazy label (labels.py) in the current language, through the block's catalog."""
    args = getattr(lazy, "_args", None)
    if _catalog.get() is None or not args:
        return str(lazy)
    return gettext(args[0])
