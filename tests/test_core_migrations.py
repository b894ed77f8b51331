"""Migrations bring an empty database to head, and the models match them."""

import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from eventsite.config import _normalise_db_url
from eventsite.extensions import db
from tests.conftest import PG_URL, make_test_app


def _upgrade_and_compare(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert not diff, f"models and migrations differ: {diff}"
    assert {t.name for t in db.metadata.sorted_tables} <= tables


def test_sqlite_upgrade_to_head_matches_models(tmp_path, monkeypatch):
    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'm.sqlite3'}")
    _upgrade_and_compare(app)


@pytest.mark.skipif(not PG_URL, reason="set TEST_DATABASE_URL to test PostgreSQL migrations")
def test_postgresql_upgrade_to_head_matches_models(tmp_path, monkeypatch):
    url = _normalise_db_url(PG_URL)
    schema = f"mig_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
        _upgrade_and_compare(make_test_app(tmp_path, monkeypatch, url, options))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
