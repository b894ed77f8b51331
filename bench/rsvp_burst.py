"""500 people sign up at the same moment for 40 seats, through gunicorn, on PostgreSQL.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/rsvp_burst.py

Every answer is the same "check your email" page; the seats are taken right after the
answers, as holds awaiting confirmation. Checks that exactly 40 hold a seat and the
other 460 wait, in a gap-free order (arrival numbers 1–40 seated, 41–500 waiting).
CSRF and rate limits are off for the run; the database gets a schema of its own,
dropped afterwards.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

from load import BIN, ROOT, free_port, psql, wait_until_up

GUNICORN = ["--workers", "4", "--worker-class", "gthread", "--threads", "8"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seats", type=int, default=40)
    args = parser.parse_args()
    admin_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not admin_url:
        raise SystemExit("set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database")
    schema = f"burst_{secrets.token_hex(4)}"
    psql(admin_url, f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in admin_url else "?"
    env = {
        **os.environ,
        "DATABASE_URL": f"{admin_url}{sep}options=-csearch_path%3D{schema}",
        "SECRET_KEY": secrets.token_hex(16),
        "EVENTSITE_RATELIMIT_ENABLED": "false",
        "EVENTSITE_WTF_CSRF_ENABLED": "false",
        "EVENTSITE_TASKS_EMBEDDED_SKIP": '["mail.deliver"]',
    }
    try:
        with tempfile.TemporaryDirectory() as instance:
            env["EVENTSITE_INSTANCE_PATH"] = instance
            run(env, args.people, args.seats)
    finally:
        psql(admin_url, f"DROP SCHEMA {schema} CASCADE")


def app_python(env: dict, code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def run(env: dict, people: int, seats: int) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    event_id = int(
        app_python(
            env,
            f"""
from datetime import timedelta
from eventsite import create_app
from eventsite.chapters.services import create_chapter
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
with create_app().app_context():
    chapter = create_chapter("burst", name="Burst", timezone="Europe/Berlin")
    starts = utcnow() + timedelta(days=7)
    event = Event(chapter=chapter, title="Burst", starts_at=starts,
                  ends_at=starts + timedelta(hours=3), capacity={seats},
                  status=EventStatus.PUBLISHED)
    db.session.add(event)
    db.session.commit()
    print(event.id)
""",
        )
    )
    port = free_port()
    config = ["--config", str(ROOT / "gunicorn.conf.py")]
    command = [str(BIN / "gunicorn"), *config, *GUNICORN, "--bind", f"127.0.0.1:{port}", "app:app"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        statuses, elapsed = burst(f"http://127.0.0.1:{port}/events/{event_id}/rsvp", people)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = app_python(
        {**env, "BURST_EVENT_ID": str(event_id)},
        """
import os
from sqlalchemy import select
from eventsite import create_app
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from eventsite.rsvp.signup import process_signup_requests
with create_app().app_context():
    process_signup_requests()  # any a stopped worker left behind
    event_id = int(os.environ["BURST_EVENT_ID"])
    rows = select(Rsvp.queue_seq, Rsvp.status).where(Rsvp.event_id == event_id)
    for seq, status in db.session.execute(rows):
        print(seq, status.value)
""",
    ).splitlines()
    by_status: dict[str, list[int]] = {}
    for line in rows:
        seq, status = line.split()
        by_status.setdefault(status, []).append(int(seq))
    confirmed = sorted(by_status.get("pending", []) + by_status.get("confirmed", []))
    waiting = sorted(by_status.get("waitlisted", []))
    print(f"gunicorn {' '.join(GUNICORN)}; {people} RSVPs released at once for {seats} seats")
    print(f"HTTP answers: {dict(sorted(Counter(statuses).items()))} in {elapsed:.1f} s")
    print(f"holding a seat: {len(confirmed)}, waitlisted: {len(waiting)}, rows: {len(rows)}")
    ok = confirmed == list(range(1, seats + 1)) and waiting == list(range(seats + 1, people + 1))
    print("arrival order gap-free, first come first served:", "yes" if ok else "NO")
    if not ok:
        raise SystemExit(1)


def burst(url: str, people: int) -> tuple[list[int], float]:
    """Send one RSVP from each of `people` threads, released together by a barrier."""
    start = threading.Barrier(people)
    statuses = [0] * people
    token = secrets.token_hex(3)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def one(n: int) -> None:
        body = urllib.parse.urlencode(
            {"name": f"Person {n}", "email": f"burst{n}-{token}@example.org"}
        ).encode()
        start.wait()
        try:
            statuses[n] = opener.open(url, data=body, timeout=120).status
        except urllib.error.HTTPError as error:
            statuses[n] = error.code

    threads = [threading.Thread(target=one, args=(n,)) for n in range(people)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return statuses, time.perf_counter() - began


if __name__ == "__main__":
    main()
