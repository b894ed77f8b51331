"""CSV files of the reports: plain data in, text out (UTF-8 with a BOM for Excel)."""

import csv
import io

from flask import Response

from eventsite.reports.services import Dashboard, EveningReport

EVENING_COLUMNS = ["prisoner_id", "name_ru", "name_latin", "letters", "postcards"]
DASHBOARD_COLUMNS = ["month", "evenings", "signups", "arrivals", "letters", "postcards"]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Quote text a spreadsheet would run as a formula; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def evening_csv(report: EveningReport) -> str:
    """One line per prisoner, then a totals line."""
    rows = [
        [line.prisoner_id, line.name_ru, line.name_latin, line.letters, line.postcards]
        for line in report.lines
    ]
    rows.append(["", "total", "", report.letters, report.postcards])
    return _text(EVENING_COLUMNS, rows)


def dashboard_csv(dashboard: Dashboard) -> str:
    """One line per month (YYYY-MM), then a totals line."""
    rows = [
        [f"{m.month:%Y-%m}", m.evenings, m.signups, m.arrivals, m.letters, m.postcards]
        for m in dashboard.months
    ]
    t = dashboard.total
    rows.append(["total", t.evenings, t.signups, t.arrivals, t.letters, t.postcards])
    return _text(DASHBOARD_COLUMNS, rows)


def csv_response(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
