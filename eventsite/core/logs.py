"""Log lines on stdout: one per failed request and per mail delivery attempt, nothing personal.

Exception messages are left out of every line we write: a database error quotes the
values of its statement (names, emails) and an SMTP error the refused address. The type
and where it happened are enough to find the bug.

Private links carry their token in the path (/rsvp/<token>, /rsvp/confirm/<token>,
/invite/<token>, /password/reset/<token>, the import preview's /prisoners/import/<id>):
whoever reads a log must not be able to open them, so every line written through the
app's, the development server's and gunicorn's loggers has them masked (`mask_tokens`).
"""

import logging
import re
import sys
import traceback
from types import TracebackType

from flask import Flask, request
from gunicorn.glogging import Logger as GunicornBaseLogger

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
    """Addresses blanked and link tokens masked in every line; tracebacks without messages."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_tokens(EMAIL_RE.sub("<address>", super().format(record)))

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


MASK = "***"
_SEP = r"(?:/|%2[Ff])"
# The prefix, then the token up to the next separator; also inside ?next=%2Frsvp%2F...
PRIVATE = re.compile(
    rf"({_SEP}(?:rsvp{_SEP}confirm|rsvp|invite|password{_SEP}reset|prisoners{_SEP}import){_SEP})"
    r"(?!confirm(?:/|%2[Ff]))[^/?#&\s\"'%]+(?:%[0-9A-Fa-f]{2}[^/?#&\s\"'%]*)*"
)


def mask_tokens(text: str) -> str:
    """Replace the token in every private link of `text` with ***."""
    return PRIVATE.sub(lambda m: m.group(1) + MASK, text) if text else text


class MaskTokens(logging.Filter):
    """A logging filter that masks private-link tokens in the final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def install(*loggers: logging.Logger) -> None:
    """Mask tokens in what these loggers write (idempotent)."""
    for logger in loggers:
        if not any(isinstance(f, MaskTokens) for f in logger.filters):
            logger.addFilter(MaskTokens())


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger with private-link tokens masked in access and error lines.

    Used by gunicorn.conf.py (`logger_class`).
    """

    def setup(self, cfg):
        super().setup(cfg)
        install(self.error_log, self.access_log)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{referer}i", "{raw_uri}e", "{path_info}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        return atoms
