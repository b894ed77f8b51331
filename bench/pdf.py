"""Time every print document against WeasyPrint's floor: `.venv/bin/python bench/pdf.py`.

Two evenings: a typical one (4 tables x 2 prisoners, 24 sign-ups) and the hard one
(8 tables x 5 prisoners with long biographies, a very long facility name, names with ё
and hyphens, 40 sign-ups with long names). Prints seconds and pages per document, the
floor (as many pages of minimal HTML in the same font as the hard packs have) and the
ratio to it. Targets: typical packs < 0.5 s, hard packs < 2 s, every other document
< 0.5 s. Best of a few runs, after a warm-up. The packs reuse the writing guide laid out
once per language and paper; "packs, first" is the render that lays it out.
"""

import os
import sys
import tempfile
import time
from datetime import date, datetime
from html import escape
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EVENTSITE_INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-pdf-"))

from pypdf import PdfReader  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from eventsite import create_app  # noqa: E402
from eventsite.printing import documents, mailing, render, room  # noqa: E402
from eventsite.printing.data import (  # noqa: E402
    BirthdayRow,
    Evening,
    PrisonerCard,
    SigninRow,
    TableSheet,
)
from eventsite.printing.render import PRINT_FONT, StaticOnlyFetcher  # noqa: E402
from eventsite.prisoners.address import AddressState  # noqa: E402
from eventsite.prisoners.envelope import Envelope  # noqa: E402

RUNS = 3
FACILITY = (
    "ФКУ ИК-10 ГУФСИН России по Республике Мордовия (исправительная колония строгого "
    "режима для отбывающих наказание впервые), отряд № 3"
)
BIO = " ".join(
    f"Абзац {n}: любит акварель, старые фильмы и долгие прогулки вдоль реки; ёлки и ёжики."
    for n in range(14)
)


def evening(paper: str = "a4") -> Evening:
    berlin = ZoneInfo("Europe/Berlin")
    return Evening(
        title="Letters before the holidays",
        chapter_name="Letters from Berlin",
        starts_local=datetime(2025, 12, 12, 18, 30, tzinfo=berlin),
        ends_local=datetime(2025, 12, 12, 21, 0, tzinfo=berlin),
        venue_name="Café Leseecke",
        venue_address="Laskerstraße 5\n10245 Berlin",
        return_address="Письма с воли\nPostfach 44 01 22\n10999 Berlin",
        capacity=60,
        paper=paper,
        evening_url="https://letters.example.org/events/17",
        letter_check_url="https://letters.example.org/letter-check",
    )


def prisoner(t: int, p: int, bio: str) -> PrisonerCard:
    surname = "Салтыкова-Щедрина" if p % 2 else "Пётр-Алексеев"
    return PrisonerCard(
        name_cyrillic=f"{surname} Алёна-Мария Фёдоровна {t}{p}",
        name_latin=f"Saltykova-Shchedrina Alyona-Maria Fyodorovna {t}{p}",
        envelope=Envelope(
            to_lines=(
                f"{surname} Алёне-Марии Фёдоровне {t}{p}, 1984 г. р.",
                FACILITY,
                "ул. Героев, д. 101, корп. 2",
                "п. Молочница",
                "Республика Мордовия",
                "431130",
                "РОССИЯ",
                "RUSSLAND",
            ),
            from_lines=("Письма с воли", "Postfach 44 01 22", "10999 Berlin", "GERMANY"),
            state=AddressState(True),
        ),
        salutation="Здравствуйте, Алёна-Мария Фёдоровна!",
        birth_date=date(1984, 1 + p, 10 + t),
        bio=bio,
        interests="Акварель, шахматы, история северных городов, кошки.",
        restrictions=("Postcards only",) if p % 2 else (),
        mail_routes=("Paper post", "FSIN-Pismo (paid e-letter)"),
        notes_for_writers="Отвечает медленно; пишите разборчиво, печатными буквами.",
    )


def tables(count: int, per_table: int, bio: str) -> list[TableSheet]:
    return [
        TableSheet(
            label=str(t + 1) if t != 1 else "Стол у окна",
            seats=6,
            attendees=tuple(f"Jean-Baptiste Émile de La Rochefoucauld {t}{a}" for a in range(5)),
            prisoners=tuple(prisoner(t, p, bio) for p in range(per_table)),
            russian_readers=t % 3,
        )
        for t in range(count)
    ]


def best(build) -> tuple[float, bytes]:
    times, pdf = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = build()
        times.append(time.perf_counter() - start)
    return min(times), pdf


def floor_builder(app, pages: int):
    """Return a function printing `pages` pages of minimal HTML in our font."""
    font = Path(app.static_folder, PRINT_FONT).as_uri()
    font_config = FontConfiguration()
    fetcher = StaticOnlyFetcher(app.static_folder)
    css = CSS(
        string=(
            f'@font-face {{ font-family: F; src: url("{font}") }}'
            "@page { size: A4 } body { font-family: F } p { margin: 0 }"
            "section { break-after: page }"
        ),
        font_config=font_config,
        url_fetcher=fetcher,
    )
    html = "".join(
        f"<section><p>{escape(f'Страница {n} · page {n}')}</p></section>" for n in range(pages)
    )

    def build() -> bytes:
        return HTML(string=html, url_fetcher=fetcher).write_pdf(
            stylesheets=[css], font_config=font_config
        )

    return build


def forget_guides() -> None:
    """Drop the laid-out writing guides, as in a fresh process (fonts and CSS stay parsed)."""
    for lane in render.LANES.values():
        lane.cache.pop("inserts", None)


def documents_of(paper: str, hard: bool):
    ev = evening(paper)
    tabs = tables(8, 5, BIO) if hard else tables(4, 2, BIO[:400])
    people = 40 if hard else 24
    rows = [
        SigninRow(
            name=f"Jean-Baptiste Émile de La Rochefoucauld-Montmorency {n:02d}",
            table_label=tabs[n % len(tabs)].label,
        )
        for n in range(people)
    ]
    poster = [
        BirthdayRow(
            name_cyrillic=p.name_cyrillic,
            name_latin=p.name_latin,
            birthday=date(2026, 1, 10 + i % 18),
            post_by=date(2025, 12, 20 + i % 10),
            age=42,
        )
        for i, p in enumerate(p for t in tabs for p in t.prisoners)
    ][:12]
    return {
        "packs": lambda: documents.packs_pdf(ev, tabs),
        "packs, new sheets": lambda: documents.packs_pdf(ev, tabs, new_sheets=True),
        # The first packs of a process (or language, paper, guide text) lay the guide out.
        "packs, first": lambda: (forget_guides(), documents.packs_pdf(ev, tabs))[1],
        "sign-in sheet": lambda: documents.signin_pdf(ev, rows),
        "tally sheet": lambda: documents.tally_pdf(ev, tabs),
        "table cards": lambda: documents.table_cards_pdf(ev, tabs),
        "writer's sheets": lambda: room.writer_sheets_pdf(ev, tabs[:1]),
        "envelopes C6": lambda: mailing.envelopes_pdf(ev, tabs, "c6"),
        "envelopes DL": lambda: mailing.envelopes_pdf(ev, tabs, "dl"),
        "address labels": lambda: mailing.labels_pdf(ev, tabs),
        "postcard backs": lambda: mailing.postcards_pdf(ev, tabs),
        "birthday poster": lambda: room.birthday_poster_pdf(ev, poster),
        "run-sheet": lambda: room.run_sheet_pdf(ev, tabs),
    }


def main() -> None:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    results = []
    with app.app_context(), app.test_request_context():
        documents.packs_pdf(evening(), tables(1, 1, "x"))  # warm-up: fonts and CSS parsed
        for paper in ("a4", "letter"):
            for hard in (False, True):
                for name, build in documents_of(paper, hard).items():
                    seconds, pdf = best(build)
                    pages = len(PdfReader(BytesIO(pdf)).pages)
                    results.append((paper, "hard" if hard else "typical", name, seconds, pages))
        hard_pages = next(r[4] for r in results if r[1] == "hard" and r[2] == "packs")
        floor = floor_builder(app, hard_pages)
        floor()
        floor_time, _pdf = best(floor)
    for paper, which, name, seconds, pages in results:
        if name == "packs":
            target = 2.0 if which == "hard" else 0.5
        else:
            target = 2.0 if which == "hard" and name.startswith("packs") else 0.5
        verdict = "met" if seconds < target else "NOT met"
        print(
            f"{paper:6} {which:7} {name:18} {seconds:6.3f} s {pages:4d} pages"
            f"  (target < {target} s: {verdict})"
        )
    hard_a4 = next(r[3] for r in results if r[:3] == ("a4", "hard", "packs"))
    print(f"floor  minimal HTML, {hard_pages} pages, same font: {floor_time:6.3f} s")
    print(f"ratio  hard A4 packs / floor:       {hard_a4 / floor_time:6.2f}")
    print(f"load average while measuring:      {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
