"""The printed documents of an evening: pure builders from plain data to PDF bytes."""

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time
from flask_babel import get_locale

from eventsite.printing.data import Evening, SigninRow, TableSheet
from eventsite.printing.qr import qr_svg
from eventsite.printing.render import render_copies, render_pdf, render_with_insert
from eventsite.safety import topics as letter_topics
from eventsite.seating.labels import table_title

HERE = Path(__file__).resolve().parent
PHRASES_FILE = HERE / "phrases.json"
GUIDE_FILE = HERE / "guide.json"
MIN_WALKIN_ROWS = 10
CARD_MAX = 10  # names on a table card; more print as 9 and "+N more"


@cache
def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def language() -> str:
    locale = get_locale()
    return "ru" if locale and locale.language == "ru" else "en"


def writing_guide(language: str) -> dict:
    """Return the topics to avoid, the advice and the phrase sheet, in `language`.

    Every point and phrase group names its sources (ids of the letter check's
    sources), so the printed guide can be traced to the guides it follows.
    """
    topics = [
        {key: topic[key][language] for key in ("title", "reason", "alternative")}
        for topic in letter_topics.topics().values()
    ]
    points = [
        {"id": point["id"], "text": point[language], "sources": point["sources"]}
        for point in _json(GUIDE_FILE)["points"]
    ]
    phrases = [
        {
            "title": section["title"][language],
            "phrases": section["phrases"],
            "sources": section["sources"],
        }
        for section in _json(PHRASES_FILE)["sections"]
    ]
    return {"topics": topics, "points": points, "phrases": phrases}


def _when(evening: Evening) -> str:
    """Say the date and times in the chapter's time zone, in the current language."""
    locale = get_locale() or "en"
    start, end = evening.starts_local, evening.ends_local
    day = format_date(start.date(), "full", locale=locale)
    times = [
        format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale) for moment in (start, end)
    ]
    return f"{day}, {times[0]}–{times[1]}"


def _common(evening: Evening) -> dict:
    return {
        "paper": evening.paper,
        "evening": evening,
        "when": _when(evening),
        "table_title": table_title,
        "evening_qr": qr_svg(evening.evening_url) if evening.evening_url else None,
    }


def render(template: str, evening: Evening, **context) -> bytes:
    return render_pdf(template, **_common(evening), **context)


def render_repeated(
    template: str, evening: Evening, parts: Sequence[tuple[dict, int]], **context
) -> bytes:
    """Render `template` once per part and repeat its pages: identical sheets, laid out once."""
    return render_copies(template, parts, **_common(evening), **context)


def packs_pdf(evening: Evening, tables: Sequence[TableSheet], *, new_sheets: bool = False) -> bytes:
    """Postcard packs: per table a cover, a page per prisoner and the writing guide.

    With `new_sheets`, every cover, prisoner and guide starts on the front of a sheet
    (a blank back is added where needed), so a duplex print can be handed out sheet by
    sheet to different writers.
    """
    guide = writing_guide(language())
    # The guide is the same in every table's pack: laid out once, drawn into each.
    return render_with_insert(
        "print/packs.html",
        "print/pack_guide.html",
        insert_context={"guide": guide, "table": None, "table_title": table_title},
        **_common(evening),
        tables=tables,
        guide=guide,
        new_sheets=new_sheets,
    )


def signin_pdf(
    evening: Evening, rows: Sequence[SigninRow], walkin_rows: int | None = None
) -> bytes:
    """Sign-in sheet: confirmed names by name with boxes, then blank rows for walk-ins."""
    if walkin_rows is None:
        free_seats = (evening.capacity or 0) - len(rows)
        walkin_rows = max(MIN_WALKIN_ROWS, free_seats)
    ordered = sorted(rows, key=lambda row: (row.name.casefold(), row.table_label or ""))
    return render("print/signin.html", evening, rows=ordered, walkin_rows=walkin_rows)


def tally_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Tally sheet: per table its prisoners with boxes for letters and postcards."""
    return render("print/tally.html", evening, tables=tables)


def table_cards_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Tent cards: one page per table, folded in the middle, readable from both sides."""
    return render("print/table_cards.html", evening, tables=tables, CARD_MAX=CARD_MAX)


def pdf_filename(kind: str, evening: Evening, table_label: str | None = None) -> str:
    """Name a download after the document, the evening's date and the table."""
    parts = [kind, evening.starts_local.date().isoformat()]
    if table_label:
        parts.append(re.sub(r"[^\w]+", "-", table_label.casefold()).strip("-_") or "table")
    return "-".join(parts) + ".pdf"
