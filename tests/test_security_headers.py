"""Headers on every response, and cookies that do not leak."""

import pytest

from tests.builders import make_event, make_user
from tests.helpers import login


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/no-such-page", "/letter-check"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://letters.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_inline_scripts_or_styles_in_pages(app, client):
    """The CSP forbids them; a page that used one would break silently in browsers."""
    import re

    event = make_event()
    login(client, make_user(chapter=event.chapter).email)
    for path in [
        "/",
        f"/events/{event.id}",
        f"/events/{event.id}/rsvp",
        "/manage/",
        f"/manage/events/{event.id}",
        f"/manage/events/{event.id}/checkin",
        f"/manage/events/{event.id}/tables",
        "/letter-check",
    ]:
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert " style=" not in page, path
        assert not re.search(r"\son[a-z]+=", page), path


@pytest.mark.app_config(ENV_NAME="production", BASE_URL="https://letters.example.org")
def test_session_cookie_flags(app, client):
    assert app.config["ENV_NAME"] == "production"
    user = make_user()
    response = client.post(
        "/login",
        data={"email": user.email, "password": "password-123", "remember": "y"},
        base_url="https://letters.example.org",  # production trusts BASE_URL's host only
    )
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" in cookie  # production is served over HTTPS only
