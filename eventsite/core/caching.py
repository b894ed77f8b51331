"""Who may keep a copy of a response: nobody, unless a view is marked as public.

Every response is `Cache-Control: private, no-store` by default: most pages carry names,
notes, door codes or private addresses. A view opts out by being marked: `@public_page`
(the same page for every cookieless visitor, also kept briefly in our own cache) or
`@public_file(max_age)` (calendar feeds). Static files keep what Flask sends them with.
"""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Response, current_app, g, request, session
from flask_babel import get_locale

from eventsite.extensions import cache

PRIVATE = "private, no-store"
P = ParamSpec("P")
R = TypeVar("R")


def _personal() -> bool:
    """Anyone with a session or remember-me cookie may see flashes or their own name."""
    cookies = request.cookies
    return (
        current_app.config["SESSION_COOKIE_NAME"] in cookies
        or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies
    )


def _key(*_args: object, **_kwargs: object) -> str:
    return f"page:{get_locale()}:{request.full_path}"


def _cacheable(response: object) -> bool:
    """Rendered pages (a string) and plain 200s without cookies; never errors or redirects."""
    if isinstance(response, str):
        return True
    status = getattr(response, "status_code", None)
    headers = getattr(response, "headers", {})
    return status == 200 and "Set-Cookie" not in headers


def _mark_public(max_age: Callable[[], int]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            g.public_max_age = max_age()
            return view(*args, **kwargs)

        return wrapped

    return decorator


def public_page(view: Callable[P, R]) -> Callable[P, R]:
    """Serve the same page to every cookieless visitor for CACHE_DEFAULT_TIMEOUT seconds."""
    cached = cache.cached(make_cache_key=_key, unless=_personal, response_filter=_cacheable)(view)
    return _mark_public(lambda: current_app.config["CACHE_DEFAULT_TIMEOUT"])(cached)


def public_file(max_age: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Let browsers and shared caches keep this view's answer for `max_age` seconds."""
    return _mark_public(lambda: max_age)


def cache_control(response: Response) -> Response:
    """Say who may keep the response, unless the view already said it (after_request)."""
    if "Cache-Control" in response.headers:
        return response
    max_age = g.get("public_max_age")
    # A 304 renews what the cache holds: it says the same as the 200 did.
    shared = response.status_code in (200, 304) and not _personal() and not session.modified
    if max_age is not None and shared:
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
        response.vary.update(("Cookie", "Accept-Language"))
    else:
        response.headers["Cache-Control"] = PRIVATE
    return response
