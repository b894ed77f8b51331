"""A short cache for public pages as strangers see them (no cookies: nothing personal)."""

from flask import current_app, request
from flask_babel import get_locale

from eventsite.extensions import cache


def _personal() -> bool:
    """Anyone with a session or remember-me cookie may see flashes or their own name."""
    cookies = request.cookies
    return (
        current_app.config["SESSION_COOKIE_NAME"] in cookies
        or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies
    )


def _key(*_args, **_kwargs) -> str:
    return f"page:{get_locale()}:{request.full_path}"


def _cacheable(response) -> bool:
    """Rendered pages (a string) and plain 200s without cookies; never errors or redirects."""
    if isinstance(response, str):
        return True
    status = getattr(response, "status_code", None)
    return status == 200 and "Set-Cookie" not in response.headers


def public_page(view):
    """Serve the same page to every cookieless visitor for CACHE_DEFAULT_TIMEOUT seconds."""
    return cache.cached(make_cache_key=_key, unless=_personal, response_filter=_cacheable)(view)
