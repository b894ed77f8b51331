"""Background work: the evening's lock, cached prints, and small prints beside big ones.

    .venv/bin/python bench/background.py [lock] [reprint] [busy] [--pg] [--broker URL]

Each figure is printed with a floor measured in the same run and the ratio to it:
  - lock: how long cancelling an evening with 300 attendees holds its lock (the lock is
    taken first, released at the commit); floor: cancelling one with nobody signed up.
    Target: under 100 ms. Also shown: the time the workers then spend rendering and
    sending the 300 mails, which used to happen inside the lock.
  - reprint: the second print of an unchanged 100-table pack (served from the cache);
    floor: /healthz through the same app. Target: within 50 ms.
  - busy: gunicorn (3 x 2 threads), a worker for big prints and one for the rest, on
    Redis (--broker, default redis://127.0.0.1:6379/10): while three hosts each print a
    100-table evening, another chapter's sign-in sheet (changed before each print, so
    never cached) from the link to the PDF, and its public evening page. Floor: the
    same sheet and page with nothing else printing. Targets: sheet p95 within 1 s,
    page p95 within 100 ms.
--pg runs on PostgreSQL (TEST_DATABASE_URL) in a schema of its own, dropped afterwards.
"""

import argparse
import http.cookiejar
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from eventsite import create_app  # noqa: E402
from eventsite.auth.models import Role  # noqa: E402
from eventsite.config import _normalise_db_url  # noqa: E402
from eventsite.events import services as events  # noqa: E402
from eventsite.extensions import db  # noqa: E402
from eventsite.mail.models import OutboxMessage  # noqa: E402
from eventsite.mail.outbox import deliver  # noqa: E402
from eventsite.rsvp.services import create_rsvp  # noqa: E402
from eventsite.seating.models import EventTable, TablePrisoner  # noqa: E402
from tests.builders import PASSWORD, make_chapter, make_event, make_prisoner, make_user  # noqa: E402

PER_TABLE = 4


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def line(label: str, value: float, floor: float, target: str) -> None:
    print(
        f"{label:52} {ms(value):>10}   floor {ms(floor):>9}   ratio {value / floor:6.1f}x   "
        f"(target: {target})",
        flush=True,
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def people(event, n: int) -> None:
    for i in range(n):
        create_rsvp(event.id, name=f"Writer {i}", email=f"w{i}-{event.id}@example.org")
    db.session.commit()


def hundred_tables(event) -> None:
    for t in range(100):
        table = EventTable(event=event, label=str(t + 1), seats=6)
        db.session.add(table)
        db.session.flush()
        for _p in range(PER_TABLE):
            prisoner = make_prisoner(commit=False, bio="Пишет стихи. " * 20, interests="книги")
            db.session.flush()
            db.session.add(
                TablePrisoner(event_id=event.id, prisoner_id=prisoner.id, table_id=table.id)
            )
    db.session.commit()


def lock(app) -> None:
    def hold(n: int) -> float:
        event = make_event(capacity=n + 10)
        people(event, n)
        db.session.expire_all()
        started = time.perf_counter()
        events.cancel(db.session.get(type(event), event.id), reason="The venue is closed")
        db.session.commit()
        return time.perf_counter() - started

    floor = statistics.median(hold(0) for _ in range(5))
    held = statistics.median(hold(300) for _ in range(3))
    line("lock held cancelling an evening of 300", held, floor, "under 100 ms")
    ids = db.session.scalars(
        db.select(OutboxMessage.id).where(OutboxMessage.kind == "event_cancelled")
    ).all()[-300:]
    db.session.commit()
    started = time.perf_counter()
    counts = deliver(ids)
    print(
        f"  then rendering and writing its {counts['sent']} mails (workers, outside the lock): "
        f"{ms(time.perf_counter() - started)}",
        flush=True,
    )


def reprint(app) -> None:
    chapter = make_chapter()
    event = make_event(chapter=chapter, capacity=600)
    hundred_tables(event)
    host = make_user(chapter=chapter, role=Role.HOST)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": host.email, "password": PASSWORD})
    path = f"/events/{event.id}/print/packs.pdf"
    started = time.perf_counter()
    first = client.get(path)
    print(f"  first print of the 100-table pack: {ms(time.perf_counter() - started)}", flush=True)
    assert first.status_code == 200, first.status_code

    def timed(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200
        return time.perf_counter() - started

    again = statistics.median(timed(path) for _ in range(7))
    floor = statistics.median(timed("/healthz") for _ in range(7))
    line("second print of an unchanged 100-table pack", again, floor, "within 50 ms")


class Session:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        return self.fetch(path)[:2]

    def fetch(self, path: str) -> tuple[int, bytes, float]:
        """Status, body, and the seconds a browser waits before asking again (Retry-After)."""
        try:
            with self.opener.open(self.base + path, timeout=120) as answer:
                return answer.status, answer.read(), float(answer.headers.get("Retry-After", 1))
        except urllib.error.HTTPError as error:
            return error.code, error.read(), float(error.headers.get("Retry-After", 1))
        except urllib.error.URLError:
            return 0, b"", 0.1  # not listening yet

    def login(self, email: str) -> None:
        data = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
        self.opener.open(self.base + "/login", data=data, timeout=30).close()


def until_pdf(session: Session, path: str) -> float:
    """From the tap on the link to the PDF, reloading as the browser would (Retry-After)."""
    started = time.perf_counter()
    while True:
        status, body, retry_after = session.fetch(path)
        if status == 200 and body.startswith(b"%PDF"):
            return time.perf_counter() - started
        time.sleep(retry_after)


def busy(app, env: dict, broker: str) -> None:
    queue = f"bench-{secrets.token_hex(3)}"
    env = env | {"CELERY_BROKER_URL": broker, "EVENTSITE_CELERY_QUEUE": json_str(queue)}
    big = []
    for _n in range(3):
        chapter = make_chapter()
        evening = make_event(chapter=chapter, capacity=600)
        hundred_tables(evening)
        big.append((evening.id, make_user(chapter=chapter, role=Role.HOST).email))
    small_chapter = make_chapter()
    small = make_event(chapter=small_chapter, capacity=100)
    people(small, 20)
    small_host = make_user(chapter=small_chapter, role=Role.HOST).email
    db.session.commit()
    port = 8192
    celery = [sys.executable, "-m", "celery", "-A", "app:celery", "worker", "--pool=solo"]
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    processes = [
        subprocess.Popen(
            [*gunicorn, "-b", f"127.0.0.1:{port}", "--workers", "3", "--threads", "2", "app:app"],
            cwd=ROOT,
            env=env | {"GUNICORN_ACCESS_LOG": "/dev/null"},
        ),
        subprocess.Popen(
            [*celery, "-Q", f"{queue}-print", "--loglevel=ERROR", "-n", "big@%h"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [*celery, "-Q", queue, "--loglevel=ERROR", "-n", "small@%h"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while Session(base).get("/healthz")[0] != 200:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        host = Session(base)
        host.login(small_host)

        def sheet_and_page(rounds: int) -> tuple[list[float], list[float]]:
            sheets, pages = [], []
            for n in range(rounds):
                create_rsvp(
                    small.id,
                    name=f"Late {n} {secrets.token_hex(2)}",
                    email=f"l{n}{secrets.token_hex(3)}@example.org",
                )
                db.session.commit()
                sheets.append(until_pdf(host, f"/events/{small.id}/print/signin.pdf"))
                started = time.perf_counter()
                status, _body = Session(base).get(f"/events/{small.id}")
                assert status == 200
                pages.append(time.perf_counter() - started)
            return sheets, pages

        sheet_and_page(2)  # warm up both workers' fonts and stylesheets
        floor_sheets, floor_pages = sheet_and_page(10)
        printers, printed = [], []
        for event_id, email in big:
            session = Session(base)
            session.login(email)
            path = f"/events/{event_id}/print/packs.pdf"
            thread = threading.Thread(
                target=lambda s=session, p=path: printed.append(until_pdf(s, p)), daemon=True
            )
            thread.start()
            printers.append(thread)
        time.sleep(1)
        sheets, pages = sheet_and_page(10)
        busy_while = sum(t.is_alive() for t in printers)
        for thread in printers:
            thread.join(timeout=0 if busy_while else None)
        ready = ", ".join(ms(s) for s in printed) or "none yet"
        print(
            f"  three 100-table packs ready after: {ready}; "
            f"{busy_while} still printing when the sheets were done",
            flush=True,
        )
        line(
            "sign-in sheet, link to PDF, p95, during 3 big prints",
            p95(sheets),
            p95(floor_sheets),
            "within 1 s",
        )
        line("evening page p95 during 3 big prints", p95(pages), p95(floor_pages), "within 100 ms")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)


def json_str(value: str) -> str:
    return f'"{value}"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", default=["lock", "reprint", "busy"])
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        schema, admin = None, None
        url = f"sqlite:///{folder}/bench.sqlite3"
        options: dict = {}
        if args.pg:
            admin = _normalise_db_url(os.environ["TEST_DATABASE_URL"])
            schema = f"bench_{secrets.token_hex(4)}"
            with create_engine(admin).begin() as conn:
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            url, options = admin, {"connect_args": {"options": f"-csearch_path={schema}"}}
        os.environ["EVENTSITE_INSTANCE_PATH"] = str(Path(folder, "instance"))
        config = {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CACHE_TYPE": "NullCache",
            "CACHE_NO_NULL_WARNING": True,
            "TASKS_EMBEDDED_SKIP": ["mail.deliver"],
        }
        app = create_app(config)
        env = {
            **os.environ,
            "EVENTSITE_SECRET_KEY": '"bench"',
            "EVENTSITE_SQLALCHEMY_DATABASE_URI": json_str(url),
            "EVENTSITE_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(options),
            "EVENTSITE_WTF_CSRF_ENABLED": "false",
            "EVENTSITE_RATELIMIT_ENABLED": "false",
            "EVENTSITE_CACHE_TYPE": '"NullCache"',
            "EVENTSITE_CACHE_NO_NULL_WARNING": "true",
            "WEB_CONCURRENCY": "3",
        }
        store = "PostgreSQL" if schema else "SQLite"
        print(f"{store}; {os.cpu_count()} CPUs (shared with whatever else runs)", flush=True)
        try:
            with app.app_context():
                db.create_all()
                if "lock" in args.parts:
                    lock(app)
                if "reprint" in args.parts:
                    reprint(app)
                if "busy" in args.parts:
                    busy(app, env, args.broker)
                db.session.remove()
                db.engine.dispose()
        finally:
            if schema:
                with create_engine(admin).begin() as conn:
                    conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
