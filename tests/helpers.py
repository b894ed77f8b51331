"""Helpers the tests share: building the test app, logging in, the app's config keys.

Tests import from here (and from `tests.builders` for data), never from conftest.py.
"""

import functools
import os
import tempfile
from unittest import mock

from flask.testing import FlaskClient

from eventsite import create_app
from eventsite.config import ENV_KEYS
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
