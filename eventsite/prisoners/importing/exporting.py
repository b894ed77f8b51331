"""The directory as CSV or .xlsx (the import's own format), and the rows an import left out."""

from datetime import date

from eventsite.core.csv import csv_text, safe_cell, unsafe_cell
from eventsite.prisoners import services
from eventsite.prisoners.custody import format_articles
from eventsite.prisoners.importing.headers import COLUMNS

__all__ = ["export", "export_table", "rejects", "safe_cell", "unsafe_cell"]


def _cell(column: str, value, typed: bool):
    if value is None:
        return None
    if column == "articles":
        return format_articles(value)
    if column in ("tags", "mail_routes", "restriction_codes"):
        return ", ".join(str(v) for v in value)
    if column == "reply_form":
        return "yes" if value else "no"
    if isinstance(value, date):
        return value if typed else value.isoformat()
    if isinstance(value, int) and typed:
        return value
    return str(value)


def _row(prisoner, typed: bool = False) -> list:
    values = services.current_values(prisoner)
    return [_cell(column, values.get(column), typed) for column in COLUMNS]


def export(prisoners) -> str:
    """Return the directory as CSV text with the import's columns (UTF-8 with a BOM, comma)."""
    return csv_text(COLUMNS, (_row(p) for p in prisoners))


def export_table(prisoners) -> list[list[object]]:
    """The directory as typed rows with the import's columns (dates stay dates), for .xlsx."""
    return [_row(p, typed=True) for p in prisoners]


def rejects(header: list[str], rows) -> str:
    """Return the rows left out of an import, as they came, with their errors in a column."""
    width = len(header)
    return csv_text(
        [*header, "errors / ошибки"],
        ([*row.cells, *[""] * (width - len(row.cells)), " ".join(row.errors)] for row in rows),
    )
