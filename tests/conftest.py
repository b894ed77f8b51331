"""Fixtures: a fresh database per test, on SQLite or on PostgreSQL (TEST_DATABASE_URL).

`TEST_NOW=2027-03-01T00:30:00+01:00` starts every test at that instant (the clock then
ticks on); tests that travel in time themselves still win.
"""

import os
import secrets
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import create_engine, text

from eventsite.extensions import db
from tests.helpers import CHROMIUM, PG_URL, check_config_keys, make_test_app

TEST_NOW = os.environ.get("TEST_NOW", "")


def _test_now() -> datetime | None:
    if not TEST_NOW:
        return None
    try:
        when = datetime.fromisoformat(TEST_NOW)
    except ValueError:
        raise pytest.UsageError(f"TEST_NOW={TEST_NOW!r} is not an ISO 8601 instant") from None
    if when.tzinfo is None:
        raise pytest.UsageError(f"TEST_NOW={TEST_NOW!r} needs a UTC offset, e.g. +01:00")
    return when


def pytest_report_header(config):
    if TEST_NOW:
        zone = os.environ.get("TZ", "")
        return f"TEST_NOW: every test starts at {_test_now().isoformat()} (TZ={zone!r})"


@pytest.fixture(autouse=True)
def _frozen_today():
    """Travel to TEST_NOW for the whole test when it is set."""
    when = _test_now()
    if when is None:
        yield
        return
    with time_machine.travel(when, tick=True):
        yield


@pytest.fixture
def frozen_now(time_machine) -> datetime:
    """Stop the clock where it stands (at TEST_NOW in the dates legs); return it, in UTC.

    For tests that derive what they expect from "now": the clock cannot tick past a
    midnight or a month's end between the test's arithmetic and the app's.
    """
    time_machine.move_to(datetime.now(UTC), tick=False)
    return datetime.now(UTC)


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


@pytest.fixture
def app(request, tmp_path, database, monkeypatch):
    """The app on a fresh database; `@pytest.mark.app_config(KEY=value)` overrides config."""
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    if marker and marker.args:
        raise TypeError("app_config takes keyword arguments only: KEY=value")
    check_config_keys(overrides)
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
