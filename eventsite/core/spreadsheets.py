""".xlsx files (Excel in any locale), from the same rows as the CSV files (core/csv.py).

Rows hold plain values: text, numbers, booleans, dates and naive local datetimes.
Excel has no time zones, so callers convert moments to the chapter's zone and name
the zone in the column header. Each cell has its type, the header row is frozen and
columns fit their contents.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

import xlsxwriter
from flask import Response

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 6, 60
# Column widths are measured on the first rows only: enough to fit, cheap on big files.
MEASURED_ROWS = 500


def _width(value) -> int:
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet: str = "Sheet1",
    formats: dict[int, str] | None = None,
) -> bytes:
    """One sheet: bold frozen header, typed cells; `formats` overrides a column's number format.

    Text is always written as text, never as a formula, whatever it starts with.
    """
    rows = [list(row) for row in rows]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": False,
        },
    )
    bold = book.add_format({"bold": True})
    styles = {
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "time": book.add_format({"num_format": "hh:mm"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    custom = {col: book.add_format({"num_format": fmt}) for col, fmt in (formats or {}).items()}
    ws = book.add_worksheet(sheet[:31])
    ws.freeze_panes(1, 0)
    widths = [len(h) for h in header]
    for col, title in enumerate(header):
        ws.write_string(0, col, title, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if r <= MEASURED_ROWS and value is not None:
                widths[col] = max(widths[col], _width(value))
            _write(ws, r, col, value, custom.get(col), styles)
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    if rows:
        ws.autofilter(0, 0, len(rows), len(header) - 1)
    book.close()
    return out.getvalue()


def _write(ws, r: int, col: int, value, custom, styles) -> None:
    if value is None:
        ws.write_blank(r, col, None)
    elif isinstance(value, bool):
        ws.write_boolean(r, col, value)
    elif isinstance(value, int | float):
        ws.write_number(r, col, value, custom)
    elif isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("convert moments to local time before exporting them")
        ws.write_datetime(r, col, value, custom or styles["datetime"])
    elif isinstance(value, date):
        ws.write_datetime(r, col, datetime.combine(value, time()), custom or styles["date"])
    elif isinstance(value, time):
        ws.write_datetime(r, col, value, custom or styles["time"])
    else:
        text = str(value)
        ws.write_string(r, col, text, styles["wrap"] if "\n" in text else custom)


def xlsx_response(body: bytes, filename: str) -> Response:
    """Send an .xlsx file as a download that no cache keeps."""
    return Response(
        body,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
