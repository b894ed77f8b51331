"""Logs without secrets: gunicorn's access log masks link tokens; the app logs no names,
addresses or tokens through a whole journey."""

import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from eventsite.auth import services as auth
from eventsite.auth.models import Role
from eventsite.core.logs import mask_tokens
from eventsite.extensions import db, utcnow
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp import tokens
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import latest_rsvp, login, sign_up
from tests.livesrv import live_server

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mask_tokens_covers_every_private_link():
    token = "Abc-123_xyz"
    for line in (
        f"GET /rsvp/{token} HTTP/1.1",
        f"POST /rsvp/{token}/cancel HTTP/1.1",
        f"GET /rsvp/{token}/event.ics HTTP/1.1",
        f"GET /rsvp/confirm/{token} HTTP/1.1",
        f"GET /invite/{token} HTTP/1.1",
        f"GET /password/reset/{token}.sig.part HTTP/1.1",
        f"GET /login?next=%2Finvite%2F{token} HTTP/1.1",
        f"GET /login?next=/rsvp/{token} HTTP/1.1",
        f"GET /prisoners/import/{token} HTTP/1.1",
    ):
        masked = mask_tokens(line)
        assert token not in masked and "***" in masked, masked
    assert mask_tokens("GET /events/12/rsvp HTTP/1.1") == "GET /events/12/rsvp HTTP/1.1"


@pytest.mark.slow
def test_gunicorn_with_the_shipped_config_masks_tokens_in_its_access_log(tmp_path):
    from eventsite import create_app

    database = tmp_path / "app.sqlite3"
    access_log = tmp_path / "access.log"
    env = {
        **os.environ,
        "EVENTSITE_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_hex(16),
        "GUNICORN_ACCESS_LOG": str(access_log),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    tokens = [secrets.token_urlsafe(32) for _ in range(7)]
    paths = [
        f"/rsvp/{tokens[0]}",
        f"/rsvp/{tokens[1]}/cancel",
        f"/rsvp/confirm/{tokens[2]}",
        f"/invite/{tokens[3]}",
        f"/password/reset/{tokens[4]}",
        f"/login?next=/invite/{tokens[5]}",
        f"/login?next=%2Frsvp%2F{tokens[6]}",
    ]
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        for path in paths:
            with contextlib.suppress(urllib.error.HTTPError):  # 404s are logged too
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read()
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    log = access_log.read_text()
    assert log.count("\n") >= len(paths) + 1
    assert log.count("***") >= len(paths)
    for token in tokens:
        assert token not in log
        assert token not in errors.decode()


@pytest.mark.app_config(SERVER_NAME=None, MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=1)
def test_a_whole_journey_logs_no_name_address_or_token(app, caplog):
    """Sign-up, confirmation, cancellation, an invitation, a reset, check-in, a purge, and
    mail that fails to send (the SMTP port is closed): every log record is checked."""
    caplog.set_level(logging.DEBUG)
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER, email="olga.secret@example.org")
    event = make_event(chapter=chapter, capacity=1)
    secrets_seen: set[str] = {"olga.secret@example.org", organizer.name}
    client = app.test_client()
    with live_server(app) as base:
        for name, email in (
            ("Zoya Secretname", "zoya.secret@example.org"),
            ("Boris Hiddenname", "boris.secret@example.org"),
        ):
            sign_up(client, event, name=name, email=email, note="note-secret")
            rsvp = latest_rsvp(event, email)
            confirm = tokens.confirm_token(rsvp)
            client.post(f"/rsvp/confirm/{confirm}").close()
            manage = tokens.manage_token(latest_rsvp(event, email))
            secrets_seen |= {name, email, confirm, manage, rsvp.door_code}
            # Through a real server too, whose request lines the werkzeug logger writes.
            urllib.request.urlopen(f"{base}/rsvp/{manage}", timeout=10).read()
        client.post(f"/rsvp/{manage}/cancel").close()
        sign_up(client, event, name="Zoya Secretname", email="zoya.secret@example.org")
        _invitation, invite = auth.invite(chapter, "ivan.secret@example.org", Role.HOST, None, 24)
        db.session.commit()
        secrets_seen |= {invite, "ivan.secret@example.org"}
        urllib.request.urlopen(f"{base}/invite/{invite}", timeout=10).read()
        client.post("/password/forgot", data={"email": organizer.email}).close()
        reset = auth.password_reset_token(organizer)
        secrets_seen.add(reset)
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/password/reset/{reset}?x=1", timeout=10).read()
        host = app.test_client()
        login(host, organizer.email)
        host.get(f"/manage/events/{event.id}/checkin?q=Zoya")
        host.post(f"/manage/events/{event.id}/walk-in", data={"name": "Wera Walkinsecret"})
        secrets_seen.add("Wera Walkinsecret")
        deliver_due()  # the SMTP server refuses: errors are logged
        ended = utcnow() - timedelta(days=1)
        event.starts_at, event.ends_at = ended - timedelta(hours=3), ended
        db.session.commit()
        host.post(f"/manage/events/{event.id}/purge")
    records = [
        record.getMessage() + (record.exc_text or "") + str(record.exc_info or "")
        for record in caplog.records
    ]
    assert any("/rsvp/***" in r for r in records), "the server's request lines were captured"
    assert any("not sent" in r for r in records), "the failed deliveries were logged"
    leaks = [(value, r) for value in secrets_seen if value for r in records if value in r]
    assert leaks == []
