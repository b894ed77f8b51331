"""Configuration: defaults, then instance/config.py, then the environment, then the caller."""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask


class ConfigError(RuntimeError):
    """The app cannot start with this configuration."""


DEFAULTS: dict[str, object] = {
    "ENV_NAME": "development",
    "LOG_LEVEL": "INFO",  # DEBUG, INFO, WARNING or ERROR; lines go to stdout
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session
    # WTForms' own messages ("This field is required.") in the page's language, from the
    # catalogs WTForms ships, through Flask-Babel's locale.
    "WTF_I18N_ENABLED": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # "Keep me logged in" lasts this many days; the server refuses older logins too.
    "REMEMBER_DAYS": 30,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "INVITE_TTL_HOURS": 72,
    "EVENTS_PER_PAGE": 20,
    "ATTENDEE_RETENTION_DAYS": 30,
    # An unconfirmed sign-up holds its seat this long (never past the evening's start).
    "RSVP_CONFIRM_HOURS": 2,
    # Messages organizers may send to one evening's people in any 24 hours.
    "MESSAGES_PER_EVENING_PER_DAY": 3,
    # BASE_URL (e.g. https://letters.example.org): every absolute link starts with it, never
    # with a request's Host. Required in production; development uses DEV_BASE_URL.
    "MAIL_SERVER": "",  # empty: write .eml files to instance/outbox/
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "Letter evenings <no-reply@letters.invalid>",
    "MAIL_TIMEOUT": 10,
    # Background work (mail, sign-ups, PDFs, schedules): a Celery broker such as
    # redis://127.0.0.1:6379/0 or amqp://guest@127.0.0.1:5672//. Empty: run it in this
    # process right after each commit (the embedded default; `make run` needs no broker).
    "CELERY_BROKER_URL": "",
    "CELERY_RESULT_BACKEND": "",  # empty: no result store (nothing reads task results)
    "CELERY_QUEUE": "eventsite",  # the queue web processes send to and workers read
    # Redis hands an unacknowledged task (its worker died) to another worker after this.
    "CELERY_VISIBILITY_TIMEOUT": 3600,
    # Without a broker, tasks named here are not run (e.g. ["mail.deliver"]: mail waits in
    # the outbox for `flask send-mail`; tests read it there).
    "TASKS_EMBEDDED_SKIP": [],
    # Beat retries due mail this often; a claim older than MAIL_STALE_CLAIM_SECONDS is
    # taken to be from a worker that died mid-send, and sent again.
    "MAIL_RETRY_SECONDS": 60,
    "MAIL_STALE_CLAIM_SECONDS": 600,
    # Abuse limits per client address (POSTs only); storage shared through Redis if set.
    "RATELIMIT_STORAGE_URI": "memory://",
    # memory:// counts per process: with several workers each has its own limits.
    # Production refuses that unless this is true. WORKERS comes from gunicorn.conf.py.
    "RATELIMIT_ALLOW_MEMORY": False,
    "WORKERS": 1,
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
    # Request bodies above this get a 413 before anything reads them; routes that take
    # files raise it for themselves (see core/limits.py).
    "MAX_CONTENT_LENGTH": 256 * 2**10,
    "PUBLIC_DIRECTORY": True,  # /directory lists active prisoners' envelope addresses
    "PRISONERS_PER_PAGE": 50,
    "PRISONER_IMPORT_MAX_BYTES": 5 * 2**20,
    # An address nobody has checked for this many days shows under "needs checking".
    "ADDRESS_STALE_DAYS": 180,
    # A big print (a whole evening's packs) waits this long for the one before it, then 503.
    "PRINT_QUEUE_SECONDS": 60,
    # With a broker, a print link waits this long for a worker to render a small document
    # (a sign-in sheet, one table's pack) and answers the PDF itself; a big one, or one not
    # ready by then, gets the "preparing your PDF" page.
    "PRINT_WAIT_SECONDS": 3.0,
}

DEV_BASE_URL = "http://127.0.0.1:5000"

# Environment variable -> config key: the names the docs use, without a prefix. Every other
# setting also works as EVENTSITE_<KEY>. Values in TYPED_KEYS are parsed as JSON, so
# `ATTENDEE_RETENTION_DAYS=45` is an int and `MAIL_USE_TLS=true` a bool.
ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "EVENTSITE_ENV": "ENV_NAME",
    "WEB_CONCURRENCY": "WORKERS",  # gunicorn's own variable for its worker count
    "LOG_LEVEL": "LOG_LEVEL",
    **{
        key: key
        for key in (
            "BASE_URL",
            "TRUSTED_HOSTS",
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_USE_TLS",
            "MAIL_USE_SSL",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_FROM",
            "ATTENDEE_RETENTION_DAYS",
            "ADDRESS_STALE_DAYS",
            "RSVP_CONFIRM_HOURS",
            "MESSAGES_PER_EVENING_PER_DAY",
            "REMEMBER_DAYS",
            "RATELIMIT_STORAGE_URI",
            "RATELIMIT_ALLOW_MEMORY",
            "RATELIMIT_LOGIN",
            "RATELIMIT_RSVP",
            "RATELIMIT_LETTER_CHECK",
            "RATELIMIT_INVITE",
            "RATELIMIT_PASSWORD",
            "CACHE_TYPE",
            "CACHE_REDIS_URL",
            "PROXY_COUNT",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "CELERY_QUEUE",
            "CELERY_VISIBILITY_TIMEOUT",
            "MAIL_RETRY_SECONDS",
            "MAIL_STALE_CLAIM_SECONDS",
        )
    },
}
# Values that are not text: "587" -> 587, "true" -> True, '["a.org"]' -> a list.
TYPED_KEYS = {
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "ATTENDEE_RETENTION_DAYS",
    "RSVP_CONFIRM_HOURS",
    "MESSAGES_PER_EVENING_PER_DAY",
    "REMEMBER_DAYS",
    "RATELIMIT_ALLOW_MEMORY",
    "PROXY_COUNT",
    "WORKERS",
    "TRUSTED_HOSTS",
    "CELERY_VISIBILITY_TIMEOUT",
    "MAIL_RETRY_SECONDS",
    "MAIL_STALE_CLAIM_SECONDS",
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
    _check_base_url(app.config, production)
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=app.config["REMEMBER_DAYS"])
    _check_rate_limit_storage(app.config, production)


def _check_base_url(config, production: bool) -> None:
    """BASE_URL is where the site lives; links and the trusted Host come from it alone."""
    if not config.get("BASE_URL"):
        if production:
            raise ConfigError(
                "BASE_URL is not set. In production set it to the site's public address, "
                "e.g. BASE_URL=https://letters.example.org: links in emails, calendars and "
                "pages are built from it, never from a request's Host header."
            )
        config["BASE_URL"] = DEV_BASE_URL
    base = urlsplit(config["BASE_URL"])
    if base.scheme not in ("http", "https") or not base.hostname or base.query or base.fragment:
        raise ConfigError(
            f"BASE_URL must look like https://letters.example.org (got {config['BASE_URL']!r})."
        )
    if production and base.scheme != "https":
        raise ConfigError("BASE_URL must start with https:// in production.")
    config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    if production and not config.get("TRUSTED_HOSTS"):
        # Requests for any other Host get a 400 before a view runs.
        config["TRUSTED_HOSTS"] = [base.hostname]


def _check_rate_limit_storage(config, production: bool) -> None:
    workers = int(config.get("WORKERS") or 1)
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if (
        production
        and workers > 1
        and storage.startswith("memory://")
        and not config.get("RATELIMIT_ALLOW_MEMORY")
    ):
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI is memory:// but gunicorn runs {workers} workers: each "
            "would count its own tries, multiplying every abuse limit. Set "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (or RATELIMIT_ALLOW_MEMORY=true "
            "to accept per-worker limits)."
        )
