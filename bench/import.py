"""Time a 5,000-row CSV import: parse + preview, then commit, on a fresh database.

    .venv/bin/python bench/import.py [ROWS]

Runs on a temporary SQLite file, and also on PostgreSQL when TEST_DATABASE_URL is set.
"""

import csv
import io
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from eventsite import create_app
from eventsite.extensions import db
from eventsite.prisoners import importing
from tests.pgschema import temporary_schema

SURNAMES = ["Иванов", "Петров", "Сидоров", "Ёлкин", "Кузнецов", "Смирнов", "Попов", "Соколов"]
FIRST = ["Алексей", "Юлия", "Пётр", "Мария", "Семён", "Анна", "Фёдор", "Ольга"]


def make_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(importing.COLUMNS)
    for n in range(rows):
        born = date(1950, 1, 1) + timedelta(days=(n * 37) % 18000)
        values = {
            "external_id": f"BENCH-{n:05d}",
            "name_ru": f"{SURNAMES[n % 8]} {FIRST[(n // 8) % 8]} {n}",
            "birth_date": born.isoformat(),
            "status": "active",
            "postal_code": f"{600000 + n % 1000}",
            "region": f"Регион {n % 85}",
            "town": f"г. Город {n % 300}",
            "street": "ул. Примерная, д. 1",
            "facility": f"ФКУ ИК-{n % 60} УФСИН России",
            "sentence": "5 лет",
            "tags": "women, journalists" if n % 5 == 0 else "anti-war",
            "mail_routes": "post, electronic" if n % 2 else "post",
            "bio": "Вымышленный человек для замера скорости. " * 3,
            "interests": "книги, шахматы",
        }
        writer.writerow([values.get(c, "") for c in importing.COLUMNS])
    return out.getvalue().encode("utf-8")


def run(label: str, url: str, engine_options: dict, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTSITE_INSTANCE_PATH"] = instance
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
                "SECRET_KEY": "bench",
            }
        )
        with app.app_context():
            db.create_all()
            today = date.today()
            started = time.perf_counter()
            plan = importing.plan(importing.parse(raw), today)
            planned = time.perf_counter()
            created, _updated = importing.commit(plan, None, today)
            committed = time.perf_counter()
            again = importing.plan(importing.parse(raw), today)
            replanned = time.perf_counter()
            assert created == len(plan.rows) and again.count("unchanged") == len(plan.rows)
            print(
                f"{label:10} rows={len(plan.rows)}  parse+preview={planned - started:.2f}s  "
                f"commit={committed - planned:.2f}s  re-preview (all unchanged)="
                f"{replanned - committed:.2f}s"
            )
            db.session.remove()
            db.engine.dispose()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    raw = make_csv(rows)
    print(f"CSV: {rows} rows, {len(raw) / 2**20:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.sqlite3", {}, raw)
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        with temporary_schema(pg, "bench") as (url, options):
            run("postgresql", url, options, raw)


if __name__ == "__main__":
    main()
