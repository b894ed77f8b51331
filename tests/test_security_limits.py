"""Abuse limits: too many tries get a clear 429, in memory or shared through Redis."""

import socket

import pytest

from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from tests.builders import make_event


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
def test_login_is_limited_with_a_clear_page(app, client):
    for _ in range(3):
        assert (
            client.post("/login", data={"email": "a@example.org", "password": "x"}).status_code
            == 401
        )
    blocked = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert blocked.status_code == 429
    assert "Too many tries" in blocked.text
    assert "Retry-After" in blocked.headers
    assert client.get("/login").status_code == 200  # reading the page is not limited


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_RSVP="2 per minute")
def test_sign_up_is_limited_and_the_blocked_try_saves_nothing(app, client):
    event = make_event()
    for i in range(2):
        client.post(f"/events/{event.id}/rsvp", data={"name": "N", "email": f"n{i}@example.org"})
    response = client.post(
        f"/events/{event.id}/rsvp", data={"name": "N", "email": "n9@example.org"}
    )
    assert response.status_code == 429
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 2


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LETTER_CHECK="1 per minute")
def test_letter_check_is_limited(app, client):
    assert client.post("/letter-check", data={"draft": "Привет"}).status_code == 200
    assert client.post("/letter-check", data={"draft": "Привет"}).status_code == 429


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    RATELIMIT_LOGIN="2 per minute",
    RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
)
def test_limits_are_shared_between_processes_through_redis(app, client, tmp_path, monkeypatch):
    import secrets

    from tests.helpers import make_test_app

    # Two app instances stand for two gunicorn workers; each client comes from one address.
    app.config["RATELIMIT_KEY_PREFIX"] = prefix = secrets.token_hex(4)
    other = make_test_app(
        tmp_path / "other",
        monkeypatch,
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SQLALCHEMY_ENGINE_OPTIONS"],  # on PostgreSQL: the run's own schema
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
        RATELIMIT_KEY_PREFIX=prefix,
    )
    data = {"email": "a@example.org", "password": "x"}
    assert client.post("/login", data=data).status_code == 401
    assert other.test_client().post("/login", data=data).status_code == 401
    assert client.post("/login", data=data).status_code == 429
