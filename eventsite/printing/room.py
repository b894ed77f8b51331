"""Documents for the room: a writer's sheet per seat, the birthday poster, the run-sheet."""

from collections.abc import Sequence
from datetime import timedelta

from flask_babel import gettext as _

from eventsite.printing.data import BirthdayRow, Evening, TableSheet
from eventsite.printing.documents import language, render, render_repeated, writing_guide
from eventsite.printing.qr import qr_svg


def writer_sheets_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Per seat one double-sided sheet: the writing guide, the phrases, a QR to the letter check.

    A table's sheets are identical: each is laid out once and copied for every seat.
    """
    parts = [({"seats": [table]}, max(table.seats, 1)) for table in tables] or [({"seats": []}, 1)]
    return render_repeated(
        "print/writer.html",
        evening,
        parts,
        guide=writing_guide(language()),
        qr=qr_svg(evening.letter_check_url) if evening.letter_check_url else None,
    )


def birthday_poster_pdf(evening: Evening, rows: Sequence[BirthdayRow]) -> bytes:
    """The birthdays whose post-by date falls in the coming six weeks, soonest post-by first."""
    ordered = sorted(rows, key=lambda row: (row.post_by, row.name_cyrillic))
    return render("print/birthdays.html", evening, rows=ordered)


def timings(evening: Evening) -> list[tuple[str, str]]:
    """The evening's shape for the host: (local time, what happens), in the chapter's zone."""
    start, end = evening.starts_local, evening.ends_local
    length = end - start
    steps = [
        (start - timedelta(minutes=30), _("Set up: tables, cards, packs, pens and envelopes")),
        (start, _("Doors open: sign-in sheet, walk-ins, seats")),
        (
            start + min(length / 8, timedelta(minutes=15)),
            _("Welcome: how the evening works, the writing guide"),
        ),
        (start + min(length / 4, timedelta(minutes=25)), _("Writing")),
        (
            end - min(length / 6, timedelta(minutes=20)),
            _("Collect the cards; count them on the tally sheet"),
        ),
        (end, _("Close: take the sign-in sheet with you")),
    ]
    return [(moment.strftime("%H:%M"), what) for moment, what in steps]


def run_sheet_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """One page for the host: timings, then per table seats, people, Russian readers, prisoners."""
    return render("print/run_sheet.html", evening, tables=tables, timings=timings(evening))
