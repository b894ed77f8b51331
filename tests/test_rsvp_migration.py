"""Migration 0010 (no-shows, undo, organizers' messages) keeps every row, both ways."""

from contextlib import nullcontext

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from eventsite.extensions import db
from tests.helpers import PG_URL, make_test_app
from tests.pgschema import temporary_schema

ROWS = [
    "INSERT INTO chapter (id, slug, name, city, timezone, contact_email, return_address, "
    "postal_delay_days, paper_size, created_at) VALUES (1, 'c', 'C', '', 'UTC', '', '', "
    "21, 'a4', '2026-01-01 00:00:00')",
    "INSERT INTO user_account (id, email, name, password_hash, is_admin, session_version, "
    "created_at) VALUES (1, 'o@example.org', 'O', 'x', false, 0, '2026-01-01 00:00:00')",
    "INSERT INTO event (id, chapter_id, title, description, starts_at, ends_at, venue_name, "
    "venue_address, address_visibility, capacity, status, sequence, rsvp_seq, uid, created_at, "
    "updated_at) VALUES (1, 1, 'E', '', '2027-01-01 18:00:00', '2027-01-01 21:00:00', '', '', "
    "'public', 5, 'published', 0, 0, 'e1@x', '2026-02-01 00:00:00', '2026-02-02 00:00:00')",
    "INSERT INTO rsvp (id, event_id, name, email, status, queue_seq, reads_russian, first_time, "
    "language, is_walk_in, table_manual, calendar_uid, created_at) VALUES (1, 1, 'A', "
    "'a@example.org', 'confirmed', 1, false, false, 'en', false, false, 'r1@x', "
    "'2026-02-03 00:00:00')",
    "INSERT INTO outbox_message (id, kind, message_id, rsvp_id, status, attempts, "
    "next_attempt_at, created_at) VALUES (1, 'rsvp_confirmed', '<m@x>', 1, 'sent', 1, "
    "'2026-02-03 00:00:00', '2026-02-03 00:00:00')",
    "INSERT INTO audit_entry (id, chapter_id, actor_id, action, subject, at) VALUES "
    "(1, 1, 1, 'attendees_viewed', '#1 E', '2026-02-03 00:00:00')",
]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_0010_keeps_sign_ups_mail_and_log_both_ways(tmp_path, monkeypatch, engine):
    if engine == "postgresql" and not PG_URL:
        pytest.skip("set TEST_DATABASE_URL to test PostgreSQL migrations")
    schema = (
        temporary_schema(PG_URL, "m10")
        if engine == "postgresql"
        else nullcontext((f"sqlite:///{tmp_path / 'ten.sqlite3'}", None))
    )
    with schema as (url, options):
        app = make_test_app(tmp_path, monkeypatch, url, options)
        with app.app_context():
            upgrade(revision="0006")
            with db.engine.begin() as conn:
                for row in ROWS:
                    conn.execute(text(row))
            upgrade(revision="0010")
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE rsvp SET no_show_at = '2027-01-01 19:00:00'"))
                conn.execute(
                    text(
                        "INSERT INTO audit_entry (id, chapter_id, actor_id, action, subject, at) "
                        "VALUES (2, 1, 1, 'message_sent', '#1 E · 3', '2026-02-04 00:00:00')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO organizer_message (event_id, author_id, recipients, sent_at)"
                        " VALUES (1, 1, 3, '2026-02-04 00:00:00')"
                    )
                )
            refused = pytest.raises(IntegrityError, match=r"(?i)check")
            with refused, db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO audit_entry (chapter_id, action, subject, at) VALUES "
                        "(1, 'no_such_action', '', '2026-02-04 00:00:00')"
                    )
                )
            downgrade(revision="0006")
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT id, status FROM rsvp")).all() == [(1, "confirmed")]
                assert conn.execute(text("SELECT rsvp_id FROM outbox_message")).scalar() == 1
                # the older log cannot name a message: that line goes, the rest stays
                assert conn.execute(text("SELECT id, action FROM audit_entry")).all() == [
                    (1, "attendees_viewed")
                ]
            upgrade()
            db.engine.dispose()
