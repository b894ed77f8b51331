"""Fixtures: a fresh database per test, on SQLite or on PostgreSQL (TEST_DATABASE_URL)."""

import os
import secrets

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from eventsite import create_app
from eventsite.extensions import db
from tests.builders import PASSWORD

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


class SQLiteDatabase:
    name = "sqlite"

    def url(self, tmp_path):
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"

    engine_options: dict = {}

    def setup(self):
        db.create_all()

    def teardown(self):
        pass


class PostgresDatabase:
    """One schema per test run, emptied after each test and dropped at the end."""

    name = "postgresql"

    def __init__(self, url: str):
        from eventsite.config import _normalise_db_url

        self.base_url = _normalise_db_url(url)
        self.schema = f"test_{secrets.token_hex(4)}"
        self.engine_options = {"connect_args": {"options": f"-csearch_path={self.schema}"}}
        self.created = False

    def url(self, _tmp_path):
        return self.base_url

    def admin(self, sql: str):
        engine = create_engine(self.base_url)
        with engine.begin() as conn:
            conn.execute(text(sql))
        engine.dispose()

    def setup(self):
        if not self.created:
            self.admin(f"CREATE SCHEMA {self.schema}")
            db.create_all()
            self.created = True

    def teardown(self):
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))

    def drop(self):
        if self.created:
            self.admin(f"DROP SCHEMA {self.schema} CASCADE")


@pytest.fixture(scope="session")
def database():
    if PG_URL:
        pg = PostgresDatabase(PG_URL)
        yield pg
        pg.drop()
    else:
        yield SQLiteDatabase()


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
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(request, tmp_path, database, monkeypatch):
    """The app on a fresh database; `@pytest.mark.app_config(KEY=value)` overrides config."""
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    app = make_test_app(
        tmp_path, monkeypatch, database.url(tmp_path), database.engine_options, **overrides
    )
    with app.app_context():
        database.setup()
        yield app
        db.session.remove()
        database.teardown()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, email, password=PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.text
    return response


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped where it is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: `sudo apt-get install chromium` "
            "(or set CHROMIUM_PATH)"
        )
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    from tests.fuzzstats import CASES

    if CASES:
        total = sum(CASES.values())
        terminalreporter.write_line(
            f"fuzz: {total} generated cases over {len(CASES)} forms, URL parameters and paths"
        )
