"""Backups taken while writes run restore to an identical database."""

import sqlite3
import threading

import pytest

from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from tests.builders import make_event
from tests.helpers import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite backups; PostgreSQL uses pg_dump")


def _dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_backup_during_writes_then_restore_is_identical(app, runner, tmp_path):
    from flask_migrate import stamp

    from eventsite.rsvp.services import create_rsvp

    stamp()  # the suite builds tables directly; a real database carries its revision
    runner.invoke(args=["seed-demo"])
    event = make_event(capacity=500)
    stop = threading.Event()
    written = []

    def writer():
        with app.app_context():
            i = 0
            while not stop.is_set() and i < 300:
                create_rsvp(event.id, name=f"W{i}", email=f"w{i}@example.org")
                db.session.commit()
                written.append(i)
                i += 1
            db.session.remove()

    thread = threading.Thread(target=writer)
    thread.start()
    while len(written) < 20:
        pass
    backup = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(backup)])
    stop.set()
    thread.join()
    assert result.exit_code == 0, result.output
    snapshot = _dump(backup)
    in_backup = sqlite3.connect(backup).execute("SELECT count(*) FROM rsvp").fetchone()[0]
    assert in_backup > 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) >= in_backup

    # more changes after the backup, then restore: back to the snapshot exactly
    make_event(title="After the backup")
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    live = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    assert _dump(live) == snapshot


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(app, runner, tmp_path):
    target = tmp_path / "b.sqlite3"
    target.write_text("already here")
    assert "exists already" in runner.invoke(args=["backup", str(target)]).output
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0
    assert "not a SQLite database" in result.output or "damaged" in result.output
