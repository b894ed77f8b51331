"""Log lines on stdout: one per failed request and per mail delivery attempt, nothing personal.

Exception messages are left out of every line we write: a database error quotes the
values of its statement (names, emails) and an SMTP error the refused address. The type
and where it happened are enough to find the bug.
"""

import logging
import re
import sys
import traceback
from types import TracebackType

from flask import Flask, request

LOGGER = "eventsite"  # the app's logger (Flask names it after the package) and its children
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
EMAIL_RE = re.compile(r"[^\s<>'\"@]+@[^\s<>'\"]+")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

log = logging.getLogger(f"{LOGGER}.requests")


class StdoutHandler(logging.StreamHandler):
    """Write to whatever `sys.stdout` is at the time of the line (servers, tests)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value) -> None:
        pass


class Formatter(logging.Formatter):
    """Addresses blanked in every line; tracebacks without the exceptions' messages."""

    def format(self, record: logging.LogRecord) -> str:
        return EMAIL_RE.sub("<address>", super().format(record))

    def formatException(self, ei) -> str:
        _type, error, tb = ei
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
        lines.append(f"{type(error).__name__} (message left out)")
        return "".join(lines)


def configure(app: Flask) -> None:
    """Send the app's log lines to stdout at LOG_LEVEL (INFO by default); safe to repeat."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, StdoutHandler) for h in logger.handlers):
        handler = StdoutHandler()
        handler.setFormatter(Formatter(FORMAT))
        logger.addHandler(handler)
    logger.setLevel(str(app.config["LOG_LEVEL"]).upper())


def where(tb: TracebackType | None) -> str:
    """The innermost frame of our own code and the innermost frame of all, as file:line."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/eventsite/" in f.filename.replace("\\", "/")]
    chosen = [ours[-1]] if ours else []
    if frames and (not ours or frames[-1] is not ours[-1]):
        chosen.append(frames[-1])
    return "; ".join(f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in chosen)


def _short(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    for anchor in ("eventsite", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + (anchor == "site-packages") :])
    return parts[-1]


def request_failed(exc_info: ExcInfo) -> None:
    """One line for a request that ended in a 500: the route, never the path with its tokens."""
    error_type, _error, tb = exc_info
    rule = request.url_rule.rule if request.url_rule else "(no route)"
    log.error("500 %s %s: %s at %s", request.method, rule, error_type.__name__, where(tb))
