"""CSV files people open in spreadsheets: formula guarding, the text, the download.

Cells are written as spreadsheets read them: a naive local datetime as
`2026-12-01 21:19:52` (no `T`, no offset, which spreadsheets keep as text), a date as
`2026-12-01`, a boolean as yes/no. The same rows make the .xlsx files (core/spreadsheets.py).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from flask import Response

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The byte order mark makes Excel read UTF-8 (Cyrillic) right.
BOM = "\ufeff"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def safe_cell(value: object) -> object:
    """Quote text a spreadsheet would run as a formula; None becomes ""; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("convert moments to local time before exporting them")
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo `safe_cell`, so an exported file imports back unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]], *, bom: bool = True) -> str:
    """Return CSV text (comma, CRLF) with every cell guarded, by default after a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return (BOM if bom else "") + out.getvalue()


def csv_response(text: str, filename: str) -> Response:
    """Send CSV text as a download that no cache keeps."""
    return Response(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
