"""Time the print builders against WeasyPrint's floor: `.venv/bin/python bench/pdf.py`.

Prints seconds for postcard packs (20 tables x 5 prisoners), a sign-in sheet for 300
RSVPs, and the floor: as many pages of minimal HTML in the same font as the packs have.
Targets: packs/floor <= 1.5, sign-in sheet < 0.5 s. Best of a few runs, after a warm-up.
Also prints a second reference, the packs' own text as unstyled paragraphs on the same
number of pages: WeasyPrint's cost per line of text, which no template can go below.
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
from eventsite.printing.data import Evening, PrisonerCard, SigninRow, TableSheet  # noqa: E402
from eventsite.printing.documents import packs_pdf, signin_pdf  # noqa: E402
from eventsite.printing.render import StaticOnlyFetcher  # noqa: E402

RUNS = 3
BIO = (
    "Художница и учительница рисования из Санкт-Петербурга. Любит акварель, старые "
    "фильмы и долгие прогулки вдоль Невы. Ведёт дневник и отвечает почти на каждое письмо. "
    "An art teacher from St Petersburg who loves watercolours, old films and long walks. "
) * 2


def evening() -> Evening:
    berlin = ZoneInfo("Europe/Berlin")
    return Evening(
        title="Letters before the holidays",
        chapter_name="Letters from Berlin",
        starts_local=datetime(2025, 12, 12, 18, 30, tzinfo=berlin),
        ends_local=datetime(2025, 12, 12, 21, 0, tzinfo=berlin),
        venue_name="Café Leseecke",
        venue_address="Oranienstraße 1, 10999 Berlin",
        return_address="Письма с воли\nPostfach 44 01 22\n10999 Berlin, Germany",
        capacity=320,
    )


def prisoner(t: int, p: int) -> PrisonerCard:
    return PrisonerCard(
        name_cyrillic=f"Смирнова Александра Юрьевна {t}-{p}",
        name_latin=f"Smirnova Aleksandra Yurievna {t}-{p}",
        birth_date=date(1990, 1 + p, 10 + t % 15),
        envelope_lines=(
            "196655, г. Санкт-Петербург,",
            "г. Колпино, ул. Колхозная, д. 10,",
            "ФКУ ИК-5 УФСИН России по г. Санкт-Петербургу и Ленинградской области,",
            f"Смирновой Александре Юрьевне {t}-{p}, 1990 г. р.",
        ),
        birthday_note="turns 35 on 10 January" if p == 0 else None,
        bio=BIO,
        interests="Акварель, кино, история города, кошки",
        restrictions="Postcards only" if p % 2 else "",
        mail_routes=("Paper post", "FSIN-Pismo (paid e-letter)"),
        notes_for_writers="Writes back slowly; be patient. Enjoys hearing about gardens.",
    )


def tables() -> list[TableSheet]:
    return [
        TableSheet(
            label=f"Table {t + 1}",
            seats=6,
            attendees=tuple(f"Attendee {t}-{a}" for a in range(6)),
            prisoners=tuple(prisoner(t, p) for p in range(5)),
        )
        for t in range(20)
    ]


def best(build) -> tuple[float, bytes]:
    times, pdf = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = build()
        times.append(time.perf_counter() - start)
    return min(times), pdf


def floor_builder(app, pages: int | list[str]):
    """Return a function printing minimal HTML in our font: `pages` pages, or these texts."""
    font = Path(app.static_folder, "fonts", "LettersSans.woff2").as_uri()
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
    if isinstance(pages, int):
        pages = [f"Страница {n} · page {n}" for n in range(pages)]
    html = "".join(
        "<section>" + "".join(f"<p>{escape(line)}</p>" for line in text.splitlines()) + "</section>"
        for text in pages
    )

    def build() -> bytes:
        document = HTML(string=html, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[css], font_config=font_config)

    return build


def main() -> None:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    the_evening, the_tables = evening(), tables()
    rsvps = [
        SigninRow(name=f"Гость {n:03d}", table_label=f"Table {n % 20 + 1}") for n in range(300)
    ]
    with app.app_context():
        packs_pdf(the_evening, the_tables[:1])  # warm-up: fonts and CSS are parsed once
        packs_time, packs = best(lambda: packs_pdf(the_evening, the_tables))
        signin_time, signin = best(lambda: signin_pdf(the_evening, rsvps))
        texts = [page.extract_text() for page in PdfReader(BytesIO(packs)).pages]
        floor, same_text = floor_builder(app, len(texts)), floor_builder(app, texts)
        floor()
        floor_time, floor_pdf = best(floor)
        text_time, text_pdf = best(same_text)
    pages = {
        name: len(PdfReader(BytesIO(pdf)).pages)
        for name, pdf in locals().items()
        if name in ("packs", "signin", "floor_pdf", "text_pdf")
    }
    print(f"packs   20 tables x 5 prisoners: {packs_time:6.3f} s  {pages['packs']} pages")
    print(f"sign-in 300 RSVPs:               {signin_time:6.3f} s  {pages['signin']} pages")
    print(f"floor   minimal HTML, same font: {floor_time:6.3f} s  {pages['floor_pdf']} pages")
    print(f"ratio   packs / floor:           {packs_time / floor_time:6.2f}  (target <= 1.5)")
    print(f"text    same text, unstyled:     {text_time:6.3f} s  {pages['text_pdf']} pages")
    print(f"ratio   packs / same text:       {packs_time / text_time:6.2f}")
    print(f"sign-in target < 0.5 s:          {'met' if signin_time < 0.5 else 'NOT met'}")
    print(f"load average while measuring:    {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
