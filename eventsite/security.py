"""Secret tokens for links: random, sent once, stored only as a hash."""

import hashlib
import secrets
from urllib.parse import urlsplit


def new_token() -> tuple[str, str]:
    """Return a fresh URL-safe token (256 bits) and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


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
        ):
            return target
    return fallback
