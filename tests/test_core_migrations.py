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

        def snapshot(columns=None):
            """Each table's rows; with `columns`, only those (later revisions add columns)."""
            with db.engine.connect() as conn:
                tables = {}
                for table in ("chapter", "user_account", "membership"):
                    names = ", ".join(columns[table]) if columns else "*"
                    result = conn.execute(text(f"SELECT {names} FROM {table} ORDER BY id"))
                    tables[table] = (list(result.keys()), result.all())
                return tables

        before = snapshot()
        upgrade()
        assert snapshot({table: cols for table, (cols, _rows) in before.items()}) == before
        # the current app works on the upgraded data, demo seeding included
        assert seed() is True
        # and every migration can be undone and redone
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_0006_carries_evenings_and_sign_ups_over_both_ways(tmp_path, monkeypatch):
    """Published evenings get a first-published time; unconfirmed sign-ups go on downgrade."""
    from flask_migrate import downgrade

    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'six.sqlite3'}")
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO chapter (id, slug, name, city, timezone, contact_email, "
                    "return_address, postal_delay_days, paper_size, created_at) VALUES "
                    "(1, 'c', 'C', '', 'UTC', '', '', 21, 'a4', '2026-01-01 00:00:00')"
                )
            )
            for event_id, status in enumerate(
                ("draft", "published", "cancelled", "cancelled"), start=1
            ):
                conn.execute(
                    text(
                        "INSERT INTO event (id, chapter_id, title, description, starts_at, "
                        "ends_at, venue_name, venue_address, address_visibility, capacity, "
                        "status, sequence, rsvp_seq, created_at, updated_at) VALUES (:id, 1, "
                        "'E', '', '2027-01-01 18:00:00', '2027-01-01 21:00:00', '', '', "
                        "'public', 5, :status, 0, 0, '2026-02-01 00:00:00', "
                        "'2026-02-02 00:00:00')"
                    ),
                    {"id": event_id, "status": status},
                )
            # Someone signed up for evening 3 before it was cancelled; nobody for evening 4.
            conn.execute(
                text(
                    "INSERT INTO rsvp (id, event_id, name, email, status, queue_seq, "
                    "reads_russian, first_time, language, is_walk_in, created_at, "
                    "table_manual) VALUES (1, 3, 'A', 'a@example.org', 'confirmed', 1, "
                    "0, 0, 'en', 0, '2026-02-03 00:00:00', 0)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO outbox_message (id, kind, message_id, rsvp_id, status, "
                    "attempts, next_attempt_at, created_at) VALUES (1, 'rsvp_confirmed', "
                    "'<m@x>', 1, 'sent', 1, '2026-02-03 00:00:00', '2026-02-03 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO user_account (id, email, name, password_hash, is_admin, "
                    "created_at) VALUES (1, 'o@example.org', 'O', 'x', 0, '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO membership (user_id, chapter_id, role, created_at) "
                    "VALUES (1, 1, 'organizer', '2026-01-01')"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            published = dict(conn.execute(text("SELECT id, first_published_at FROM event")).all())
        assert published[1] is None  # a draft
        assert published[2] is not None
        assert published[3] is not None  # cancelled after people signed up: was public
        assert published[4] is None  # cancelled, never seen by anyone: stays private
        with db.engine.connect() as conn:
            # Rebuilding the rsvp table in batch mode must not null links into it.
            assert conn.execute(text("SELECT rsvp_id FROM outbox_message")).scalar() == 1
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO rsvp (id, event_id, name, email, status, queue_seq, "
                    "reads_russian, first_time, language, is_walk_in, created_at, "
                    "table_manual, hold_expires_at) VALUES (2, 2, 'P', 'p@example.org', "
                    "'pending', 2, 0, 0, 'en', 0, '2026-02-03 00:00:00', 0, "
                    "'2026-02-03 02:00:00')"
                )
            )
        downgrade(revision="0005")
        with db.engine.connect() as conn:
            statuses = dict(conn.execute(text("SELECT id, status FROM rsvp")).all())
        assert statuses == {1: "confirmed", 2: "cancelled"}
        with db.engine.connect() as conn:
            # Rebuilding user_account must not cascade into memberships.
            assert conn.execute(text("SELECT count(*) FROM membership")).scalar() == 1
        db.engine.dispose()
