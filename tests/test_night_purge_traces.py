"""After a purge no byte under instance/ (or row in PostgreSQL) holds a purged person's data.

A whole evening runs through the pages first — sign-ups, confirmations, a duplicate, a
cancellation and a promotion, a check-in, a walk-in, an export, mail delivered to .eml
files — so the values have had every chance to spread: into the database, its
write-ahead log, the outbox and the mail folder.
"""

import email
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import text, update

from eventsite.auth.models import Role
from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp import tokens
from eventsite.rsvp.models import Rsvp
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import latest_rsvp, login, make_test_app, sign_up


@pytest.fixture
def app(tmp_path, database, monkeypatch):
    """The app with its SQLite database inside the instance folder, as in production."""
    instance = tmp_path / "instance"
    instance.mkdir()
    url = database.url(tmp_path)
    if database.name == "sqlite":
        url = f"sqlite:///{instance / 'eventsite.sqlite3'}"
    app = make_test_app(tmp_path, monkeypatch, url, database.engine_options)
    with app.app_context():
        database.setup()
        yield app
        db.session.remove()
        database.teardown()
        db.engine.dispose()


def _run_an_evening(app, event, people, *, cancel_first=False):
    """Sign people up through the pages and confirm each through their emailed link."""
    client = app.test_client()
    for name, address, note in people:
        sign_up(client, event, name=name, email=address, note=note)
        rsvp = latest_rsvp(event, address)
        if "unconfirmed" not in note:
            client.post(f"/rsvp/confirm/{tokens.confirm_token(rsvp)}").close()
    sign_up(client, event, name="Again", email=people[0][1])  # a duplicate: link re-mailed
    if cancel_first:
        first = latest_rsvp(event, people[0][1])
        client.post(f"/rsvp/{tokens.manage_token(first)}/cancel").close()


def _values(event) -> dict[str, str]:
    """Everything that identifies the evening's people: data, codes, tokens and their hashes."""
    db.session.expire_all()
    values = {}
    for rsvp in db.session.scalars(db.select(Rsvp).where(Rsvp.event_id == event.id)):
        for label, value in (
            ("name", rsvp.name),
            ("email", rsvp.email),
            ("note", rsvp.note),
            ("door code", rsvp.door_code),
            ("manage token", tokens.manage_token(rsvp)),
            ("confirm token", tokens.derived_confirm_token(rsvp)),
            ("token hash", rsvp.manage_token_hash),
            ("token salt", rsvp.token_salt),
            ("confirm hash", rsvp.confirm_token_hash),
        ):
            if value:
                values[f"{label} of #{rsvp.id}"] = value
    return values


def _files(instance: Path) -> dict[Path, bytes]:
    """Every file's raw bytes, plus the decoded text of each mail (bodies are encoded)."""
    found = {}
    for path in sorted(p for p in instance.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".eml":
            message = email.message_from_bytes(raw, policy=policy.default)
            parts = [p.get_content() for p in message.walk() if p.get_content_maintype() == "text"]
            raw += "\n".join(str(p) for p in parts).encode()
        found[path] = raw
    return found


def _database_rows() -> str:
    """PostgreSQL: every row of every table, as text."""
    chunks = []
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(text(f'SELECT CAST(t AS text) FROM "{table.name}" t'))
        chunks.extend(row[0] for row in rows)
    return "\n".join(chunks)


def _hits(values: dict[str, str], haystacks: dict[str, bytes]) -> list[str]:
    return [
        f"{label} in {where}"
        for label, value in values.items()
        for where, data in haystacks.items()
        if value.encode() in data or value.lower().encode() in data.lower()
    ]


def _scan(app, database, values) -> tuple[list[str], int, int]:
    db.session.commit()
    files = _files(Path(app.instance_path))
    haystacks = {str(path.relative_to(app.instance_path)): data for path, data in files.items()}
    if database.name == "postgresql":
        haystacks["PostgreSQL tables"] = _database_rows().encode()
    size = sum(len(data) for data in haystacks.values())
    return _hits(values, haystacks), len(haystacks), size


def _age(event, days: int) -> None:
    ended = utcnow() - timedelta(days=days)
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(starts_at=ended - timedelta(hours=3), ends_at=ended)
    )
    db.session.commit()


def test_purge_attendees_leaves_no_trace_in_any_file_or_table(app, database, runner, capsys):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    old = make_event(chapter=chapter, capacity=2, title="Old evening")
    kept = make_event(chapter=chapter, title="Next evening")
    _run_an_evening(
        app,
        old,
        [
            ("Zelda Purgeme", "zelda.purgeme@example.org", "note-zelda-secret"),
            ("Юрий Стиральный", "yuri.purgeme@example.org", "заметка-юрия"),
            ("Wanda Waitlist", "wanda.purgeme@example.org", "note-wanda-secret"),
            ("Una Unconfirmed", "una.purgeme@example.org", "note-una unconfirmed"),
        ],
        cancel_first=True,
    )
    _run_an_evening(app, kept, [("Kim Keepme", "kim.keepme@example.org", "note-kim-kept")])
    host = app.test_client()
    login(host, organizer.email)
    assert host.get(f"/manage/events/{old.id}/rsvps.csv").status_code == 200
    host.post(f"/manage/events/{old.id}/walk-in", data={"name": "Walter Walkin"}).close()
    deliver_due()
    purged, kept_values = _values(old), _values(kept)
    assert len(purged) > 30
    before, _files_count, _size = _scan(app, database, purged)
    assert before, "the scan finds nothing even before the purge: it cannot work"
    old_id = old.id
    _age(old, days=40)
    db.session.remove()

    result = runner.invoke(args=["purge-attendees"])
    assert f"#{old_id}" in result.output

    hits, files, size = _scan(app, database, purged)
    assert hits == []
    assert _scan(app, database, kept_values)[0], "the kept evening's data should still be there"
    if database.name == "sqlite":
        wal = Path(app.instance_path, "eventsite.sqlite3-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    with capsys.disabled():
        print(
            f"\npurge scan ({database.name}): {files} files (PostgreSQL: + all tables), "
            f"{size} bytes, "
            f"{len(purged)} values searched, {len(hits)} hits (before the purge: {len(before)})"
        )


def test_the_organizers_delete_now_leaves_no_trace_either(app, database, capsys):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    event = make_event(chapter=chapter, capacity=3)
    _run_an_evening(
        app,
        event,
        [
            ("Olive Onebutton", "olive.purgeme@example.org", "note-olive-secret"),
            ("Pavel Pressed", "pavel.purgeme@example.org", "note-pavel-secret"),
        ],
    )
    deliver_due()
    purged = _values(event)
    event_id, email = event.id, organizer.email
    _age(event, days=1)
    db.session.remove()
    client = app.test_client()
    login(client, email)
    response = client.post(f"/manage/events/{event_id}/purge", follow_redirects=True)
    assert "Deleted the names, emails and notes of 2 sign-ups." in response.text
    hits, files, size = _scan(app, database, purged)
    assert hits == []
    with capsys.disabled():
        print(
            f"\ndelete-now scan ({database.name}): {files} files (PostgreSQL: + all tables), "
            f"{size} bytes, "
            f"{len(purged)} values searched, {len(hits)} hits"
        )
