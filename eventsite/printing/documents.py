"""The printed documents of an evening: pure builders from plain data to PDF bytes."""

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time
from flask_babel import get_locale

from eventsite.printing.data import Evening, SigninRow, TableSheet
from eventsite.printing.render import render_pdf
from eventsite.safety import topics as letter_topics

HERE = Path(__file__).resolve().parent
PHRASES_FILE = HERE / "phrases.json"
MIN_WALKIN_ROWS = 10


@cache
def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def language() -> str:
    """The language of the documents printed now: Russian or English."""
    return _language()


def _language() -> str:
    locale = get_locale()
    return "ru" if locale and locale.language == "ru" else "en"


def writing_guide(language: str) -> dict:
    """Return the topics to avoid and the phrase sheet, titles in `language`."""
    topics = [
        {key: topic[key][language] for key in ("title", "reason", "alternative")}
        for topic in letter_topics.topics().values()
    ]
    phrases = [
        {"title": section["title"][language], "phrases": section["phrases"]}
        for section in _json(PHRASES_FILE)["sections"]
    ]
    return {"topics": topics, "phrases": phrases}


def _when(evening: Evening) -> str:
    """Say the date and times in the chapter's time zone, in the current language."""
    locale = get_locale() or "en"
    start, end = evening.starts_local, evening.ends_local
    day = format_date(start.date(), "full", locale=locale)
    times = [
        format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale) for moment in (start, end)
    ]
    return f"{day}, {times[0]}–{times[1]}"


def _render(template: str, evening: Evening, **context) -> bytes:
    return render_pdf(
        template,
        paper=evening.paper,
        evening=evening,
        when=_when(evening),
        **context,
    )


def packs_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Postcard packs: per table a cover, a page per prisoner and the writing guide."""
    return _render("print/packs.html", evening, tables=tables, guide=writing_guide(_language()))


def signin_pdf(
    evening: Evening, rows: Sequence[SigninRow], walkin_rows: int | None = None
) -> bytes:
    """Sign-in sheet: confirmed names by name with boxes, then blank rows for walk-ins."""
    if walkin_rows is None:
        free_seats = (evening.capacity or 0) - len(rows)
        walkin_rows = max(MIN_WALKIN_ROWS, free_seats)
    ordered = sorted(rows, key=lambda row: (row.name.casefold(), row.table_label or ""))
    return _render("print/signin.html", evening, rows=ordered, walkin_rows=walkin_rows)


def tally_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Tally sheet: per table its prisoners with boxes for letters and postcards."""
    return _render("print/tally.html", evening, tables=tables)


def table_cards_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Tent cards: one page per table, folded in the middle, readable from both sides."""
    return _render("print/table_cards.html", evening, tables=tables)


def pdf_filename(kind: str, evening: Evening, table_label: str | None = None) -> str:
    """Name a download after the document, the evening's date and the table."""
    parts = [kind, evening.starts_local.date().isoformat()]
    if table_label:
        parts.append(re.sub(r"[^\w]+", "-", table_label.casefold()).strip("-_") or "table")
    return "-".join(parts) + ".pdf"
