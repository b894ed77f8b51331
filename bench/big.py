"""Time the main pages and exports on a big database, with their SQL statement counts.

    .venv/bin/python bench/big.py [--runs N]

Seeds 10,000 prisoners, 1,000 evenings in 5 chapters, 100,000 RSVPs, tables and tallies
with bulk Core inserts on a temporary SQLite file (and on PostgreSQL in a schema of its
own when TEST_DATABASE_URL is set), then fetches each page with the test client, as the
public and as an organizer: server time is the median of N runs.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select
from werkzeug.security import generate_password_hash

from eventsite import create_app
from eventsite.auth.models import Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from eventsite.prisoners.models import (
    Prisoner,
    PrisonerMailRoute,
    PrisonerTag,
    derived_columns,
)
from eventsite.rsvp.models import Rsvp
from eventsite.rsvp.services import DOOR_ALPHABET
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.tallies.models import LetterTally
from tests.pgschema import temporary_schema

PRISONERS, EVENINGS, RSVPS, CHAPTERS = 10_000, 1_000, 100_000, 5
BIG_CAPACITY, BIG_SIGNUPS = 300, 420  # the evening whose lists we time
SURNAMES = ["Иванов", "Петров", "Сидоров", "Ёлкин", "Кузнецов", "Смирнов", "Попов", "Соколов"]
FIRST = ["Алексей", "Юлия", "Пётр", "Мария", "Семён", "Анна", "Фёдор", "Ольга"]
TAGS = ["women", "journalists", "anti-war", "religion", "minors", "students"]
PASSWORD = "bench-password"
EXPORTS = ("rsvps.csv", "export.csv", "events.ics")


def _chunks(rows, size=5000):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def bulk(table, rows) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(table), chunk)


def door_code(n: int) -> str:
    code = ""
    for _ in range(6):
        n, digit = divmod(n, len(DOOR_ALPHABET))
        code += DOOR_ALPHABET[digit]
    return code


def seed() -> dict:
    """Fill the database; return the ids and slugs the pages need."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    chapters = [
        {
            "slug": f"chapter-{c}",
            "name": f"Chapter {c}",
            "city": "Berlin",
            "timezone": ["Europe/Berlin", "Asia/Tbilisi", "Europe/London"][c % 3],
            "contact_email": f"c{c}@example.org",
            "return_address": "Postfach 1\n10999 Berlin",
            "postal_delay_days": 21,
        }
        for c in range(CHAPTERS)
    ]
    bulk(Chapter.__table__, chapters)
    chapter_ids = list(db.session.scalars(select(Chapter.id).order_by(Chapter.id)))
    bulk(
        User.__table__,
        [
            {
                "email": "organizer@example.org",
                "name": "Organizer",
                "password_hash": generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
            }
        ],
    )
    user_id = db.session.scalar(select(User.id))
    bulk(
        Membership.__table__,
        [{"user_id": user_id, "chapter_id": c, "role": Role.ORGANIZER} for c in chapter_ids],
    )

    prisoners = []
    for n in range(PRISONERS):
        fields = {
            "external_id": f"BIG-{n:05d}",
            "name_ru": f"{SURNAMES[n % 8]} {FIRST[(n // 8) % 8]} {n}",
            "name_latin": f"Prisoner {n}",
            "birth_date": date(1950, 1, 1) + timedelta(days=(n * 37) % 18000),
            "status": "active" if n % 10 else "released",
            "postal_code": f"{600000 + n % 1000}",
            "region": f"Регион {n % 85}",
            "town": f"г. Город {n % 300}",
            "street": "ул. Примерная, д. 1",
            "facility": f"ФКУ ИК-{n % 60} УФСИН России",
            "sentence": "5 лет",
            "bio": "Вымышленный человек для замера скорости. " * 3,
            "interests": "книги, шахматы",
        }
        fields.update(derived_columns(fields))
        prisoners.append(fields)
    bulk(Prisoner.__table__, prisoners)
    prisoner_ids = list(db.session.scalars(select(Prisoner.id).order_by(Prisoner.id)))
    bulk(
        PrisonerTag.__table__,
        [
            {"prisoner_id": pid, "tag": TAGS[(i + k) % len(TAGS)]}
            for i, pid in enumerate(prisoner_ids)
            for k in range(1 + i % 2)
        ],
    )
    bulk(
        PrisonerMailRoute.__table__,
        [{"prisoner_id": pid, "route": "post"} for pid in prisoner_ids],
    )

    # Evenings every ~2 days from a year ago to a year ahead, spread over the chapters.
    evenings = []
    for n in range(EVENINGS):
        starts = now + timedelta(days=(n - EVENINGS // 2) * 0.73, hours=18 - now.hour)
        evenings.append(
            {
                "chapter_id": chapter_ids[n % CHAPTERS],
                "title": f"Letter evening {n}",
                "description": "Postcards and tea.",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=3),
                "venue_name": "Café",
                "venue_address": "Musterstraße 12",
                "capacity": 100,
                "status": EventStatus.CANCELLED if n % 50 == 7 else EventStatus.PUBLISHED,
                "cancelled_at": starts - timedelta(days=3) if n % 50 == 7 else None,
                "first_published_at": starts - timedelta(days=30),
            }
        )
    # The evening we look at: the next one of chapter 0, a big one.
    big_index = next(
        n
        for n in range(EVENINGS // 2, EVENINGS)
        if n % CHAPTERS == 0 and evenings[n]["status"] == EventStatus.PUBLISHED
    )
    evenings[big_index]["capacity"] = BIG_CAPACITY
    bulk(Event.__table__, evenings)
    event_ids = list(db.session.scalars(select(Event.id).order_by(Event.id)))
    big_id = event_ids[big_index]

    per_evening = (RSVPS - BIG_SIGNUPS) // (EVENINGS - 1)
    rsvps, n = [], 0
    for index, event_id in enumerate(event_ids):
        count = BIG_SIGNUPS if event_id == big_id else per_evening
        capacity = evenings[index]["capacity"]
        for seq in range(1, count + 1):
            n += 1
            status = "confirmed" if seq <= capacity else "waitlisted"
            if seq % 25 == 0:
                status = "cancelled"
            rsvps.append(
                {
                    "event_id": event_id,
                    "name": f"Writer {n}",
                    "email": f"writer{n}@example.org",
                    "note": "" if n % 7 else "vegetarian",
                    "manage_token_hash": secrets.token_hex(32),
                    "token_salt": secrets.token_hex(16),
                    "door_code": door_code(seq),
                    "status": status,
                    "queue_seq": seq,
                    "reads_russian": n % 3 == 0,
                    "first_time": n % 4 == 0,
                    "created_at": now - timedelta(days=30),
                }
            )
    bulk(Rsvp.__table__, rsvps)

    bulk(
        EventTable.__table__,
        [{"event_id": big_id, "label": str(t), "seats": 10} for t in range(1, 31)],
    )
    table_ids = list(db.session.scalars(select(EventTable.id).order_by(EventTable.id)))
    bulk(
        TablePrisoner.__table__,
        [
            {"event_id": big_id, "prisoner_id": prisoner_ids[i * 7], "table_id": table_ids[i % 30]}
            for i in range(60)
        ],
    )
    # Tallies: 20 prisoners for each past evening.
    past = [eid for i, eid in enumerate(event_ids) if evenings[i]["ends_at"] < now]
    bulk(
        LetterTally.__table__,
        [
            {
                "event_id": eid,
                "prisoner_id": prisoner_ids[(i * 20 + k) % PRISONERS],
                "letters": 1 + k % 4,
                "postcards": k % 3,
            }
            for i, eid in enumerate(past)
            for k in range(20)
        ],
    )
    db.session.commit()
    return {"slug": "chapter-0", "big": big_id}


def known_ids() -> dict:
    """The ids `seed` returned, found again in a database it filled earlier."""
    big = db.session.scalar(select(Event.id).where(Event.capacity == BIG_CAPACITY))
    return {"slug": "chapter-0", "big": big}


@contextmanager
def counting(engine):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def measure(client, engine, path: str, runs: int) -> tuple[float, float, int, int]:
    """Return (median wall ms, median CPU ms, statements, bytes) for a GET.

    CPU time of this process is steadier than wall time on a shared machine; with SQLite
    it includes the database's work, with PostgreSQL it does not.
    """
    response = client.get(path)  # warm up: templates compiled, caches filled
    assert response.status_code == 200, (path, response.status_code)
    wall, cpu = [], []
    for _ in range(runs):
        with counting(engine) as statements:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            body = response.get_data()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(wall), statistics.median(cpu), len(statements), len(body)


def run(label: str, url: str, engine_options: dict, runs: int, seeded=False) -> list[tuple]:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTSITE_INSTANCE_PATH"] = instance
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "TASKS_EMBEDDED_SKIP": ["mail.deliver"],
            }
        )
        with app.app_context():
            if seeded:
                ids = known_ids()
            else:
                db.create_all()
                started = time.perf_counter()
                ids = seed()
                print(f"[{label}] seeded in {time.perf_counter() - started:.1f}s")
            db.session.remove()
        slug, big = ids["slug"], ids["big"]
        public = [
            "/",
            f"/c/{slug}/",
            f"/events/{big}",
            "/directory",
            "/directory?q=иванов",
            f"/c/{slug}/events.ics",
        ]
        organizer = [
            f"/manage/c/{slug}/events",
            f"/manage/events/{big}",
            f"/manage/events/{big}/tables",
            f"/manage/events/{big}/prisoners",
            f"/manage/events/{big}/prisoners?theme=women",
            f"/manage/events/{big}/checkin",
            "/prisoners/",
            "/prisoners/?q=иванов",
            "/prisoners/birthdays",
            f"/manage/events/{big}/rsvps.csv",
            "/prisoners/export.csv",
        ]
        with app.app_context():
            engine = db.engine
        # No app context around the requests: each gets its own, and a fresh session.
        client, results = app.test_client(), []
        for path in public:
            results.append(("public", path, *measure(client, engine, path, runs)))
        response = client.post(
            "/login", data={"email": "organizer@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        for path in organizer:
            results.append(("organizer", path, *measure(client, engine, path, runs)))
        engine.dispose()
        print(f"[{label}] {'who':9} {'wall ms':>7} {'CPU ms':>7} {'SQL':>4} {'KB':>6}  page")
        for who, path, ms, cpu, statements, size in results:
            export = any(path.split("?")[0].endswith(e) for e in EXPORTS)
            flag = " (export)" if export else ("  SLOW" if min(ms, cpu) > 100 else "")
            print(
                f"[{label}] {who:9} {ms:7.1f} {cpu:7.1f} {statements:4d} {size / 1024:6.0f}"
                f"  {path}{flag}"
            )
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep", metavar="FILE", help="SQLite file to seed once and reuse on later runs"
    )
    args = parser.parse_args()
    if args.keep:
        path = Path(args.keep).resolve()
        run("sqlite", f"sqlite:///{path}", {}, args.runs, seeded=path.exists())
        return
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/big.sqlite3", {}, args.runs)
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        with temporary_schema(pg, "bench") as (url, options):
            run("postgresql", url, options, args.runs)


if __name__ == "__main__":
    main()
