"""Time 5,000-row imports: parse + preview, commit, and the re-preview (all unchanged).

    .venv/bin/python bench/import.py [ROWS]

Three files of the same people: our own export format (UTF-8 CSV), a list as groups
publish it (Russian headers, dative names, one-line addresses, years only; Windows-1251
CSV), and that list as an .xlsx workbook. Runs on a temporary SQLite file, and also on
PostgreSQL when TEST_DATABASE_URL is set. Prints seconds and rows per second.
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

import openpyxl

from eventsite import create_app
from eventsite.extensions import db
from eventsite.prisoners import importing
from eventsite.prisoners.kinds import Gender
from eventsite.prisoners.names import NameParts, dative
from tests.pgschema import temporary_schema

SURNAMES = [("Иванов", "Иванова"), ("Петров", "Петрова"), ("Сидоров", "Сидорова")]
SURNAMES += [("Ёлкин", "Ёлкина"), ("Кузнецов", "Кузнецова"), ("Смирнов", "Смирнова")]
SURNAMES += [("Попов", "Попова"), ("Соколов", "Соколова")]
FIRST = [("Алексей", "Алексеевич"), ("Пётр", "Петрович"), ("Семён", "Семёнович")]
FIRST += [("Фёдор", "Фёдорович"), ("Иван", "Иванович"), ("Артём", "Артёмович")]
FEMALE = [("Юлия", "Алексеевна"), ("Мария", "Петровна"), ("Анна", "Семёновна")]
FEMALE += [("Ольга", "Фёдоровна"), ("Алёна", "Ивановна"), ("Ирина", "Артёмовна")]


def person(n: int) -> dict:
    woman = n % 2 == 1
    surname = SURNAMES[n % 8][1 if woman else 0]
    given, patronymic = (FEMALE if woman else FIRST)[(n // 8) % 6]
    born = date(1950, 1, 1) + timedelta(days=(n * 37) % 18000)
    return {
        "n": n,
        "woman": woman,
        "parts": (surname, given, patronymic),
        "born": born,
        "postal": f"{600000 + n % 1000}",
        "region": f"Регион {n % 85} обл.",
        "town": f"г. Город{n % 300}",
        "facility": f"ФКУ ИК-{n % 60} УФСИН России",
    }


def our_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(importing.COLUMNS)
    for n in range(rows):
        p = person(n)
        values = {
            "external_source": "own",
            "external_id": f"BENCH-{n:05d}",
            "surname": p["parts"][0],
            "given_name": p["parts"][1],
            "patronymic": p["parts"][2],
            "birth_date": p["born"].isoformat(),
            "status": "active",
            "postal_code": p["postal"],
            "region": p["region"],
            "town": p["town"],
            "street": "ул. Примерная, д. 1",
            "facility": p["facility"],
            "articles": "ч. 2 ст. 207.3 УК РФ",
            "sentence": "5 лет",
            "tags": "women, journalists" if n % 5 == 0 else "anti-war",
            "mail_routes": "post, electronic" if n % 2 else "post",
            "restriction_codes": "postcards_only" if n % 7 == 0 else "",
            "bio": "Вымышленный человек для замера скорости. " * 3,
            "interests": "книги, шахматы",
        }
        writer.writerow([values.get(c, "") for c in importing.COLUMNS])
    return out.getvalue().encode("utf-8")


def _dative(p: dict) -> str:
    """The name as envelopes (and so many lists) write it: «Ивановой Юлии Алексеевне»."""
    parts = NameParts(*p["parts"])
    return dative(parts, Gender.FEMALE if p["woman"] else Gender.MALE)


PUBLISHED_HEADER = ["ФИО", "Год рождения", "Адрес для писем", "Статья", "Статус", "ID"]


def published_rows(rows: int) -> list[list]:
    lines = []
    for n in range(rows):
        p = person(n)
        address = f"{p['postal']}, {p['region']}, {p['town']}, ул. Примерная, д. 1, {p['facility']}"
        status = "в колонии" if n % 3 else "осуждён"
        name = _dative(p)
        lines.append([name, p["born"].year, address, "ч. 2 ст. 207.3 УК РФ", status, f"L-{n:05d}"])
    return lines


def published_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(PUBLISHED_HEADER)
    writer.writerows(published_rows(rows))
    return out.getvalue().encode("cp1251")


def published_xlsx(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Список"
    sheet.append(PUBLISHED_HEADER)
    for row in published_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(label: str, url: str, engine_options: dict, files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["EVENTSITE_INSTANCE_PATH"] = instance
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
                "SECRET_KEY": "bench",
            }
        )
        for name, raw in files.items():
            with app.test_request_context():
                db.drop_all()
                db.create_all()
                today = date.today()
                started = time.perf_counter()
                plan = importing.plan(importing.parse(raw), today)
                planned = time.perf_counter()
                errors = plan.count("error")
                created, _updated = importing.commit(plan, None, today)
                committed = time.perf_counter()
                again = importing.plan(importing.parse(raw), today)
                replanned = time.perf_counter()
                rows = len(plan.rows)
                assert errors == 0 and created == rows, (name, errors, created)
                assert again.count("unchanged") == rows, (name, again.count("update"))
                preview, write = planned - started, committed - planned
                print(
                    f"{label:10} {name:22} rows={rows}  parse+preview={preview:.2f}s "
                    f"({rows / preview:,.0f} rows/s)  commit={write:.2f}s "
                    f"({rows / write:,.0f} rows/s)"
                    f"  total {rows / (preview + write):,.0f} rows/s  re-preview="
                    f"{replanned - committed:.2f}s  marked for a look={plan.unsure_count}"
                )
                db.session.remove()
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    files = {
        "own export (CSV)": our_csv(rows),
        "published list (CSV)": published_csv(rows),
        "published list (.xlsx)": published_xlsx(rows),
    }
    for name, raw in files.items():
        print(f"{name}: {rows} rows, {len(raw) / 2**20:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.sqlite3", {}, files)
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        with temporary_schema(pg, "bench") as (url, options):
            run("postgresql", url, options, files)


if __name__ == "__main__":
    main()
