"""Configuration: defaults, then instance/config.py, then the environment, then the caller."""

import json
import os
import secrets
from pathlib import Path

from flask import Flask


class ConfigError(RuntimeError):
    """The app cannot start with this configuration."""


DEFAULTS = {
    "ENV_NAME": "development",
    "LOG_LEVEL": "INFO",  # DEBUG, INFO, WARNING or ERROR; lines go to stdout
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session
    # WTForms' own messages ("This field is required.") in the page's language, from the
    # catalogs WTForms ships, through Flask-Babel's locale.
    "WTF_I18N_ENABLED": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "INVITE_TTL_HOURS": 72,
    "EVENTS_PER_PAGE": 20,
    "ATTENDEE_RETENTION_DAYS": 30,
    # Links in emails sent from the command line (reminders) start with this.
    "BASE_URL": "http://127.0.0.1:5000",
    "MAIL_SERVER": "",  # empty: write .eml files to instance/outbox/
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "Letter evenings <no-reply@letters.invalid>",
    "MAIL_TIMEOUT": 10,
    "MAIL_SEND_AFTER_REQUEST": True,
    # Abuse limits per client address (POSTs only); storage shared through Redis if set.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_LOGIN": "10 per minute;60 per hour",
    "RATELIMIT_RSVP": "10 per minute;60 per hour",
    "RATELIMIT_LETTER_CHECK": "30 per minute",
    "RATELIMIT_INVITE": "30 per hour",
    "RATELIMIT_PASSWORD": "10 per hour",
    # Public pages seen without cookies are kept this many seconds (per process; set
    # CACHE_TYPE=RedisCache and CACHE_REDIS_URL to share them). Seat counts may lag by that.
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 10,
    # Behind a reverse proxy, how many proxies set X-Forwarded-* (0: trust none).
    "PROXY_COUNT": 0,
    "MAX_CONTENT_LENGTH": 8 * 2**20,  # no request body above 8 MB (413)
    "PUBLIC_DIRECTORY": True,  # /directory lists active prisoners' envelope addresses
    "PRISONERS_PER_PAGE": 50,
    "PRISONER_IMPORT_MAX_BYTES": 5 * 2**20,
    # An address nobody has checked for this many days shows under "needs checking".
    "ADDRESS_STALE_DAYS": 180,
}

# Environment variable -> config key. Values are parsed as JSON when they look like it,
# so `ATTENDEE_RETENTION_DAYS=45` is an int and `MAIL_USE_TLS=true` a bool.
ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "EVENTSITE_ENV": "ENV_NAME",
    "BASE_URL": "BASE_URL",
    "LOG_LEVEL": "LOG_LEVEL",
    **{
        key: key
        for key in (
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_USE_TLS",
            "MAIL_USE_SSL",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_FROM",
            "ATTENDEE_RETENTION_DAYS",
            "ADDRESS_STALE_DAYS",
            "RATELIMIT_STORAGE_URI",
            "PROXY_COUNT",
        )
    },
}
# Values that are not text: "587" -> 587, "true" -> True.
TYPED_KEYS = {
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "ATTENDEE_RETENTION_DAYS",
    "PROXY_COUNT",
}


def _parse(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(app: Flask) -> str:
    """Return the development secret key, creating it once in the instance folder."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill `app.config` in precedence order and check it can run."""
    app.config.update(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{Path(app.instance_path, 'eventsite.sqlite3')}"
    )
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENV_KEYS.items():
        if os.environ.get(env_name):
            value = os.environ[env_name]
            app.config[key] = _parse(value) if key in TYPED_KEYS else value
    app.config.from_prefixed_env("EVENTSITE", loads=_parse)
    if overrides:
        app.config.update(overrides)

    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    production = app.config["ENV_NAME"] == "production"
    if production:
        # Production is served over HTTPS (see README): cookies never travel in clear.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. In production set the SECRET_KEY environment "
                'variable to a long random value, e.g. python3 -c "import secrets; '
                'print(secrets.token_hex(32))".'
            )
        app.config["SECRET_KEY"] = _secret_key(app)
