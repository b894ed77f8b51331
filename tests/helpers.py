"""Helpers the tests share: building the test app, logging in, the app's config keys.

Tests import from here (and from `tests.builders` for data), never from conftest.py.
"""

import email
import functools
import os
import re
import tempfile
import time
from email import policy
from pathlib import Path
from unittest import mock

from flask.testing import FlaskClient

from eventsite import create_app
from eventsite.config import ENV_KEYS
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import RENDERERS
from eventsite.rsvp import tokens
from eventsite.rsvp.models import Rsvp
from tests.builders import PASSWORD

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class IsolatedClient(FlaskClient):
    """Run each request in its own app context, as a server does.

    The tests keep an app context open for their own database work; without this,
    requests would share its `g` (and the logged-in user cached there) and its session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_test_app(tmp_path, monkeypatch, url, engine_options=None, **overrides):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options or {},
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "letters.test",
        "BASE_URL": "http://letters.test",
        "RATELIMIT_ENABLED": False,  # tests of the limits switch them on
        "CACHE_TYPE": "NullCache",  # tests look at pages right after changing data
        "CACHE_NO_NULL_WARNING": True,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@functools.cache
def known_config_keys() -> frozenset[str]:
    """Return the keys a default app's config holds (ours, Flask's and the extensions')."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"EVENTSITE_INSTANCE_PATH": tmp, "SECRET_KEY": "known-keys"}
        with mock.patch.dict(os.environ, env):
            return frozenset(create_app().config)


def check_config_keys(overrides: dict) -> None:
    """Refuse configuration keys the app does not know (a typo would silently do nothing)."""
    unknown = sorted(set(overrides) - known_config_keys())
    if unknown:
        hints = [
            f" ({ENV_KEYS[key]} is its config key)" if key in ENV_KEYS else "" for key in unknown
        ]
        raise KeyError(
            "app_config: the app has no configuration key "
            + ", ".join(key + hint for key, hint in zip(unknown, hints, strict=True))
            + "; use keys as app.config holds them (eventsite/config.py, Flask, extensions)"
        )


def login(client, email, password=PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.text
    return response


def browser_login(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person in the browser does."""
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


# An attendee's steps through the pages: the sign-up form, then the emailed link.

FORM = {"name": "Kit", "email": "kit@example.org", "reads_russian": "y", "note": "wheelchair"}


def sign_up(client, event, **data):
    """Post the form; close the answer as a server does, which processes the sign-up."""
    response = client.post(f"/events/{event.id}/rsvp", data={**FORM, **data})
    response.close()
    return response


def latest_rsvp(event, email: str) -> Rsvp:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.email == email.lower())
        .order_by(Rsvp.id.desc())
    ).first()


def confirm_path(rsvp: Rsvp) -> str:
    """The link the confirmation email carries (its token is derived, as the mail's is)."""
    return f"/rsvp/confirm/{tokens.confirm_token(rsvp)}"


def sign_up_and_confirm(client, event, **data) -> str:
    """Sign up and press the emailed link's button; return the private page's path."""
    sign_up(client, event, **data)
    rsvp = latest_rsvp(event, data.get("email", FORM["email"]))
    response = client.post(confirm_path(rsvp))
    response.close()  # as a server does: the mail it queued goes out after the answer
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def outbox_raw(row: OutboxMessage) -> bytes | None:
    """The bytes a queued message goes out as: compact rows rendered as delivery would."""
    if row.raw is not None or row.params is None:
        return row.raw
    message = RENDERERS[row.kind](row.rsvp_id, row.params, row.message_id)
    return message.as_bytes() if message is not None else None


def emailed_confirmation_link(app, address: str, timeout: float = 20) -> str:
    """The /rsvp/confirm/… path of the confirmation mail to `address`, once it is written.

    The sign-up is processed right after the answer (by the server's thread), so the
    mail may take a moment; it is in the outbox table or, delivered, in instance/outbox/.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        raws = list(
            db.session.scalars(db.select(OutboxMessage.raw).where(OutboxMessage.raw.is_not(None)))
        )
        raws += [p.read_bytes() for p in Path(app.instance_path, "outbox").glob("*.eml")]
        for raw in raws:
            message = email.message_from_bytes(raw, policy=policy.default)
            if message["To"] != address:
                continue
            text = message.get_body(("plain",)).get_content()
            found = re.search(r"https?://[^/\s]+(/rsvp/confirm/[\w-]+)", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no confirmation mail to {address}")
