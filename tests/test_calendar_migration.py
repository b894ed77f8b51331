"""Migration 0008 keeps the UIDs already in people's calendars and gives new rows random ones."""

import uuid

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from eventsite.extensions import db
from tests.helpers import make_test_app

NOW = "'2026-01-01 00:00:00'"


def test_existing_evenings_and_sign_ups_keep_their_uid(tmp_path, monkeypatch):
    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'uid.sqlite3'}")
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO chapter (id, slug, name, city, timezone, contact_email, "
                    "return_address, postal_delay_days, paper_size, created_at) VALUES "
                    f"(1, 'b', 'B', '', 'UTC', '', '', 21, 'a4', {NOW})"
                )
            )
            for event_id in (7, 8):
                conn.execute(
                    text(
                        "INSERT INTO event (id, chapter_id, title, description, starts_at, "
                        "ends_at, venue_name, venue_address, address_visibility, capacity, "
                        "status, sequence, rsvp_seq, created_at, updated_at) VALUES "
                        f"({event_id}, 1, 'T', '', '2026-02-01 18:00:00', '2026-02-01 20:00:00',"
                        f" '', '', 'public', 5, 'published', 0, 0, {NOW}, {NOW})"
                    )
                )
            for rsvp_id, event_id in ((1, 7), (2, 7), (3, 8)):
                conn.execute(
                    text(
                        "INSERT INTO rsvp (id, event_id, status, queue_seq, reads_russian, "
                        "first_time, language, is_walk_in, table_manual, created_at) VALUES "
                        f"({rsvp_id}, {event_id}, 'confirmed', {rsvp_id}, 0, 0, 'en', 0, 0, {NOW})"
                    )
                )
        upgrade()
        with db.engine.connect() as conn:
            events = dict(conn.execute(text("SELECT id, uid FROM event")).all())
            rsvps = dict(conn.execute(text("SELECT id, calendar_uid FROM rsvp")).all())
        assert events == {7: "event-7@letter-evenings", 8: "event-8@letter-evenings"}
        assert rsvps == {1: events[7], 2: events[7], 3: events[8]}

        from tests.builders import make_event, make_rsvp

        fresh = make_event()
        rsvp, _token = make_rsvp(fresh)
        assert uuid.UUID(fresh.uid) and uuid.UUID(rsvp.calendar_uid)
        db.session.remove()

        downgrade(revision="0005")
        with db.engine.connect() as conn:
            columns = {row[1] for row in conn.execute(text("PRAGMA table_info(event)"))}
            assert "uid" not in columns
            assert conn.execute(text("SELECT count(*) FROM rsvp")).scalar() == 4
        db.engine.dispose()
