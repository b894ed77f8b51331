"""The directory as CSV (the import's own format), and the rows an import left out."""

import csv
import io
import re
from datetime import date

from eventsite.prisoners import services
from eventsite.prisoners.custody import format_articles
from eventsite.prisoners.importing.headers import COLUMNS

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_cell(value: str) -> str:
    # A cell starting with = or + runs as a formula when the file is opened in a spreadsheet.
    return "'" + value if _FORMULA.match(value) else value


def unsafe_cell(value: str) -> str:
    """Undo `safe_cell`, so export → import changes nothing."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column == "articles":
        return format_articles(value)
    if column in ("tags", "mail_routes", "restriction_codes"):
        return ", ".join(str(v) for v in value)
    if column == "reply_form":
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export(prisoners) -> str:
    """Return the directory as CSV text with the import's columns (UTF-8, comma)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in prisoners:
        values = services.current_values(p)
        writer.writerow([safe_cell(_cell(c, values.get(c))) for c in COLUMNS])
    return out.getvalue()


def rejects(header: list[str], rows) -> str:
    """Return the rows left out of an import, as they came, with their errors in a column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, "errors / ошибки"])
    width = len(header)
    for row in rows:
        cells = list(row.cells) + [""] * (width - len(row.cells))
        writer.writerow([safe_cell(c) for c in cells] + [" ".join(row.errors)])
    return out.getvalue()
