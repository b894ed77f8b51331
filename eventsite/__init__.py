"""Letter evenings: a Flask app for chapters that hold letter-writing evenings."""

import logging
import os
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext
from flask_babel import refresh as refresh_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from eventsite import cli
from eventsite.audit.views import bp as audit_bp
from eventsite.auth import tasks as auth_tasks
from eventsite.auth.views import bp as auth_bp
from eventsite.calendar.views import bp as calendar_bp
from eventsite.chapters.views import bp as chapters_bp
from eventsite.checkin.views import bp as checkin_bp
from eventsite.config import load_config
from eventsite.core import errors as error_pages
from eventsite.core import limits, logs, security_headers, tasks, templating
from eventsite.core.i18n import select_locale
from eventsite.core.urls import AsciiIntegerConverter
from eventsite.core.views import bp as core_bp
from eventsite.events.manage import bp as manage_events_bp
from eventsite.events.people import bp as people_bp
from eventsite.events.views import bp as events_bp
from eventsite.extensions import babel, cache, csrf, db, limiter, login_manager, migrate
from eventsite.mail import tasks as mail_tasks
from eventsite.printing import tasks as printing_tasks
from eventsite.printing.views import bp as printing_bp
from eventsite.prisoners import tasks as prisoner_tasks
from eventsite.prisoners.views import bp as prisoners_bp
from eventsite.reports.views import bp as reports_bp
from eventsite.rsvp import tasks as rsvp_tasks
from eventsite.rsvp.views import bp as rsvp_bp
from eventsite.safety.views import bp as safety_bp
from eventsite.seating.views import bp as seating_bp
from eventsite.tallies.views import bp as tallies_bp

# Each feature's Celery tasks, registered on import (workers build the app, so import them).
TASK_MODULES = (auth_tasks, mail_tasks, rsvp_tasks, prisoner_tasks, printing_tasks)

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def asset_folder(name: str) -> Path:
    """Return `templates` or `static`: inside an installed wheel, else at the repository top."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else ROOT / name


def default_instance_path() -> str | None:
    """Return `instance/` of a repository checkout; an installed package uses Flask's default."""
    return str(ROOT / "instance") if (ROOT / "pyproject.toml").is_file() else None


class App(Flask):
    def log_exception(self, exc_info) -> None:
        """One line per failed request, without the path's tokens or the error's message."""
        logs.request_failed(exc_info)


def create_app(config: dict | None = None) -> Flask:
    """Build the application."""
    app = App(
        __name__,
        instance_path=os.environ.get("EVENTSITE_INSTANCE_PATH") or default_instance_path(),
        instance_relative_config=True,
        template_folder=str(asset_folder("templates")),
        static_folder=str(asset_folder("static")),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, config)
    logs.configure(app)
    # No private-link token in the app's or the development server's log lines.
    logs.install(app.logger, logging.getLogger("werkzeug"))
    if app.config["ENV_NAME"] == "production" and not app.config["MAIL_SERVER"]:
        app.logger.warning(
            "MAIL_SERVER is not set: emails are written to %s/outbox/ and not sent.",
            app.instance_path,
        )
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    app.url_map.converters["int"] = AsciiIntegerConverter
    limits.register(app)  # before anything reads a request body
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    # Limits first: a refused try costs no form parsing (the CSRF check reads the form).
    limiter.init_app(app)
    csrf.init_app(app)
    cache.init_app(app)
    tasks.init_app(app)
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        # Client address and scheme only: the Host stays what the server saw, and links
        # come from BASE_URL anyway (core/urls.py). Flask's documented way to wrap the
        # WSGI app in middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=0, x_port=0, x_prefix=0
        )
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    # Flask-Babel caches the locale on the app context; a request that shares one (tests, or
    # a request context pushed inside CLI work) must still choose its own language.
    app.before_request(refresh_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see that page.")
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        core_bp,
        auth_bp,
        chapters_bp,
        events_bp,
        rsvp_bp,
        calendar_bp,
        manage_events_bp,
        people_bp,
        seating_bp,
        prisoners_bp,
        safety_bp,
        printing_bp,
        checkin_bp,
        tallies_bp,
        reports_bp,
        audit_bp,
    ):
        app.register_blueprint(blueprint)


def register_errors(app: Flask) -> None:
    error_pages.register(app)
    security_headers.register(app)


def register_commands(app: Flask) -> None:
    cli.register(app)


def register_template_helpers(app: Flask) -> None:
    templating.register(app)
