import sqlite3

import pytest
from sqlalchemy import text

from eventsite import create_app
from eventsite.config import ConfigError
from eventsite.extensions import db
from tests.helpers import check_config_keys


@pytest.fixture
def instance(tmp_path, monkeypatch):
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(path))
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "EVENTSITE_ENV",
        "EVENTSITE_EVENTS_PER_PAGE",
        "BASE_URL",
        "WEB_CONCURRENCY",
        "RATELIMIT_STORAGE_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    return path


def test_defaults_use_sqlite_in_the_instance_folder(instance):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'eventsite.sqlite3'}"


def test_precedence_instance_file_then_env_then_argument(instance, monkeypatch):
    (instance / "config.py").write_text("EVENTS_PER_PAGE = 7\nINVITE_TTL_HOURS = 5\nFOO = 'file'\n")
    assert create_app().config["EVENTS_PER_PAGE"] == 7

    monkeypatch.setenv("EVENTSITE_EVENTS_PER_PAGE", "9")
    app = create_app()
    assert app.config["EVENTS_PER_PAGE"] == 9  # env beats the file, parsed as a number
    assert app.config["INVITE_TTL_HOURS"] == 5  # the file still beats the defaults

    assert create_app({"EVENTS_PER_PAGE": 11}).config["EVENTS_PER_PAGE"] == 11


def test_database_url_from_env_gets_a_driver(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.internal/letters")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/letters"


def test_development_secret_key_is_generated_once_and_kept(instance):
    first = create_app().config["SECRET_KEY"]
    assert len(first) >= 64
    assert create_app().config["SECRET_KEY"] == first
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0


def test_production_without_secret_key_refuses_to_start(instance, monkeypatch):
    monkeypatch.setenv("EVENTSITE_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://letters.example.org")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_pragmas_are_on(instance):
    app = create_app()
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        db.session.remove()
        db.engine.dispose()


def test_foreign_keys_are_enforced_on_sqlite(instance):
    app = create_app()
    with app.app_context():
        db.create_all()
        with pytest.raises(Exception, match="FOREIGN KEY"):
            db.session.execute(
                text(
                    "INSERT INTO membership (user_id, chapter_id, role, created_at) "
                    "VALUES (999, 999, 'host', '2026-01-01')"
                )
            )
            db.session.commit()
        db.session.rollback()
        db.engine.dispose()
    assert sqlite3.connect(instance / "eventsite.sqlite3").execute("SELECT 1").fetchone()


def test_the_app_config_marker_refuses_keys_the_app_does_not_know():
    check_config_keys({"ENV_NAME": "production", "WTF_CSRF_ENABLED": True, "SERVER_NAME": None})
    with pytest.raises(
        KeyError, match=r"no configuration key EVENTSITE_ENV \(ENV_NAME is its config key\)"
    ):
        check_config_keys({"EVENTSITE_ENV": "production"})


@pytest.mark.app_config(ENV_NAME="production", BASE_URL="https://letters.example.org")
def test_the_app_config_marker_reaches_the_app(app):
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
