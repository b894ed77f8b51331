"""Forged Host and X-Forwarded-Host headers change no link anywhere (links come from BASE_URL)."""

from pathlib import Path

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp import tokens
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import confirm_path, latest_rsvp, login, make_test_app

FORGED = {"Host": "attacker.example", "X-Forwarded-Host": "attacker.example"}
BASE = "http://letters.test"


def _everything_written(app) -> str:
    """Mail still in the outbox and mail already delivered to instance/outbox/ files."""
    raws = db.session.scalars(db.select(OutboxMessage.raw).where(OutboxMessage.raw.is_not(None)))
    files = Path(app.instance_path, "outbox").glob("*.eml")
    chunks = [r.replace(b"=\r\n", b"") for r in raws]
    chunks += [f.read_bytes().replace(b"=\r\n", b"") for f in files]
    return b"\n".join(chunks).decode("utf-8", "replace")


def _assert_clean(app, response, *, expect_link=True):
    body = response.get_data(as_text=True)
    written = _everything_written(app)
    assert "attacker.example" not in body
    assert "attacker.example" not in written
    assert "attacker.example" not in response.headers.get("Location", "")
    if expect_link:
        assert BASE in body + written


def _as_forged_host(client):
    """Send the session cookie to the forged host too, as a browser tricked into it would."""
    session = client.get_cookie("session", domain="letters.test")
    client.set_cookie("session", session.value, domain="attacker.example")


@pytest.fixture
def world(app):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER, email="org@example.org")
    event = make_event(chapter=chapter, capacity=1)
    _rsvp, token = make_rsvp(event)
    return {"chapter": chapter, "organizer": organizer, "event": event, "token": token}


PAGES = [
    "/c/{slug}/",
    "/events/{event_id}.ics",
    "/c/{slug}/events.ics",
    "/rsvp/{token}/event.ics",
]


@pytest.mark.app_config(PROXY_COUNT=1)
@pytest.mark.parametrize("path", PAGES)
def test_pages_with_absolute_links_ignore_a_forged_host(app, world, path):
    url = path.format(slug=world["chapter"].slug, event_id=world["event"].id, token=world["token"])
    response = app.test_client().get(url, headers=FORGED)
    assert response.status_code == 200
    _assert_clean(app, response)


@pytest.mark.app_config(PROXY_COUNT=1)
def test_password_reset_mail_ignores_a_forged_host(app, world):
    response = app.test_client().post(
        "/password/forgot", data={"email": "org@example.org"}, headers=FORGED
    )
    response.close()
    _assert_clean(app, response)
    assert f"{BASE}/password/reset/" in _everything_written(app)


@pytest.mark.app_config(PROXY_COUNT=1)
def test_invitation_links_ignore_a_forged_host(app, world):
    client = app.test_client()
    login(client, "org@example.org")
    _as_forged_host(client)
    response = client.post(
        f"/manage/c/{world['chapter'].slug}/invite",
        data={"email": "new@example.org", "role": "host"},
        headers=FORGED,
    )
    response.close()
    _assert_clean(app, response)
    assert f"{BASE}/invite/" in response.text
    admin = make_user(is_admin=True)
    client = app.test_client()
    login(client, admin.email)
    _as_forged_host(client)
    response = client.post(
        f"/admin/chapters/{world['chapter'].slug}",
        data={"email": "another@example.org", "role": "organizer"},
        headers=FORGED,
    )
    response.close()
    _assert_clean(app, response)


@pytest.mark.app_config(PROXY_COUNT=1)
def test_sign_up_confirmation_and_promotion_mails_ignore_a_forged_host(app, world):
    event = world["event"]
    client = app.test_client()
    answer = client.post(
        f"/events/{event.id}/rsvp",
        data={"name": "Kit", "email": "kit@example.org"},
        headers=FORGED,
    )
    answer.close()
    _assert_clean(app, answer)
    waiting = latest_rsvp(event, "kit@example.org")
    confirmed = client.post(confirm_path(waiting), headers=FORGED)
    confirmed.close()
    _assert_clean(app, confirmed)
    # The one seated person cancels: the promotion mail is written during that request.
    cancel = client.post(f"/rsvp/{world['token']}/cancel", headers=FORGED)
    cancel.close()
    _assert_clean(app, cancel)
    assert f"{BASE}/rsvp/{tokens.manage_token(latest_rsvp(event, 'kit@example.org'))}" in (
        _everything_written(app)
    )


@pytest.mark.app_config(CACHE_TYPE="SimpleCache", CACHE_DEFAULT_TIMEOUT=60, PROXY_COUNT=1)
@pytest.mark.parametrize("path", ["/", "/c/{slug}/", "/events/{event_id}"])
def test_a_forged_host_cannot_poison_the_public_page_cache(app, world, path):
    url = path.format(slug=world["chapter"].slug, event_id=world["event"].id)
    first = app.test_client().get(url, headers=FORGED)
    assert first.status_code == 200
    later = app.test_client().get(url)
    assert "attacker.example" not in later.text


def test_production_answers_only_for_the_base_url_host(tmp_path, monkeypatch, database):
    app = make_test_app(
        tmp_path,
        monkeypatch,
        database.url(tmp_path),
        database.engine_options,
        ENV_NAME="production",
        BASE_URL="https://letters.example.org",
        SERVER_NAME=None,
    )
    assert app.config["TRUSTED_HOSTS"] == ["letters.example.org"]
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    ok = client.get("/healthz", headers={"Host": "letters.example.org"})
    assert ok.status_code == 200
    assert client.get("/healthz", headers={"Host": "letters.example.org:443"}).status_code == 200
