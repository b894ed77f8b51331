"""Migrations bring an empty database to head, and the models match them."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from eventsite.extensions import db
from tests.helpers import PG_URL, make_test_app
from tests.pgschema import temporary_schema


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
    with temporary_schema(PG_URL, "mig") as (url, options):
        _upgrade_and_compare(make_test_app(tmp_path, monkeypatch, url, options))


def test_upgrade_from_the_first_revision_keeps_the_data(tmp_path, monkeypatch):
    """A database filled at the first migration reaches head with every row intact."""
    from flask_migrate import downgrade

    from eventsite.demo import DEMO_CHAPTERS, seed

    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            for i, chapter in enumerate(DEMO_CHAPTERS, start=1):
                conn.execute(
                    text(
                        "INSERT INTO chapter (id, slug, name, city, timezone, contact_email, "
                        "return_address, postal_delay_days, paper_size, created_at) VALUES "
                        "(:id, :slug, :name, :city, :timezone, :contact_email, :return_address, "
                        ":postal_delay_days, :paper_size, '2026-01-01 00:00:00')"
                    ),
                    {"id": i, **chapter},
                )
            conn.execute(
                text(
                    "INSERT INTO user_account (id, email, name, password_hash, is_admin, "
                    "created_at) VALUES (1, 'old@example.org', 'Old', 'x', 0, "
                    "'2026-01-01 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO membership (user_id, chapter_id, role, created_at) "
                    "VALUES (1, 1, 'organizer', '2026-01-01 00:00:00')"
                )
            )

        columns = {}

        def snapshot():
            # The columns of the first revision; later ones may add more.
            with db.engine.connect() as conn:
                rows = {}
                for table in ("chapter", "user_account", "membership"):
                    result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
                    names = columns.setdefault(table, list(result.keys()))
                    rows[table] = [tuple(r._mapping[n] for n in names) for r in result]
                return rows

        before = snapshot()
        upgrade()
        assert snapshot() == before
        # the current app works on the upgraded data, demo seeding included
        assert seed() is True
        # and every migration can be undone and redone
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()
