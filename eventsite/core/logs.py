"""Logs without secrets: the token part of private links is masked before a line is written.

Private links carry their token in the path (/rsvp/<token>, /rsvp/confirm/<token>,
/invite/<token>, /password/reset/<token>, the import preview's /prisoners/import/<id>).
Whoever reads an access log must not be able to open them.
"""

import logging
import re

from gunicorn.glogging import Logger

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


class GunicornLogger(Logger):
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
