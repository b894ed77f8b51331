"""The private link of a sign-up: a random salt is stored, the token is derived from it."""

import secrets

from eventsite.rsvp.models import Rsvp
from eventsite.security import derived_token

MANAGE_PURPOSE = "rsvp-manage"
CONFIRM_PURPOSE = "rsvp-confirm"


def new_link() -> tuple[str, str]:
    """Return a fresh salt to store and the private link token made from it."""
    salt = secrets.token_hex(16)
    return salt, derived_token(MANAGE_PURPOSE, salt)


def manage_token(rsvp: Rsvp) -> str | None:
    """The private link token of an RSVP, for emails; None once its data is purged."""
    return derived_token(MANAGE_PURPOSE, rsvp.token_salt) if rsvp.token_salt else None


def confirm_token(rsvp: Rsvp) -> str | None:
    """The emailed confirmation link's token while the RSVP awaits confirmation."""
    if not rsvp.token_salt or not rsvp.confirm_token_hash:
        return None
    return derived_token(CONFIRM_PURPOSE, rsvp.token_salt)


def derived_confirm_token(rsvp: Rsvp) -> str | None:
    """The confirmation token an RSVP was given (even once used), while its salt exists."""
    return derived_token(CONFIRM_PURPOSE, rsvp.token_salt) if rsvp.token_salt else None
