"""Secret tokens for links: random, sent once, stored only as a hash."""

import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from flask import current_app


def new_token() -> tuple[str, str]:
    """Return a fresh URL-safe token (256 bits) and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def derived_token(purpose: str, salt: str) -> str:
    """Recreate a link token from a stored random salt and the app's secret key.

    Later emails (reminders, waitlist news) must carry the same private link as the
    first one, yet the database keeps only the salt and the token's hash: a copy of
    the database alone opens no link.
    """
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{purpose}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    """Hash a token for storage and lookup.

    A fast hash is right here: the token has 256 bits of entropy, so there is
    nothing to brute-force, and lookups stay an index hit.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a path on this site, else `fallback` (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in target)
        ):
            return target
    return fallback
