"""CSV files of the reports: plain data in, text out (UTF-8 with a BOM for Excel)."""

from eventsite.core.csv import csv_text
from eventsite.reports.services import Dashboard, EveningReport

EVENING_COLUMNS = ["prisoner_id", "name_ru", "name_latin", "letters", "postcards"]
DASHBOARD_COLUMNS = ["month", "evenings", "signups", "arrivals", "letters", "postcards"]


def evening_csv(report: EveningReport) -> str:
    """One line per prisoner, then a totals line."""
    rows: list[list[object]] = [
        [line.prisoner_id, line.name_ru, line.name_latin, line.letters, line.postcards]
        for line in report.lines
    ]
    rows.append(["", "total", "", report.letters, report.postcards])
    return csv_text(EVENING_COLUMNS, rows)


def dashboard_csv(dashboard: Dashboard) -> str:
    """One line per month (YYYY-MM), then a totals line."""
    rows: list[list[object]] = [
        [f"{m.month:%Y-%m}", m.evenings, m.signups, m.arrivals, m.letters, m.postcards]
        for m in dashboard.months
    ]
    t = dashboard.total
    rows.append(["total", t.evenings, t.signups, t.arrivals, t.letters, t.postcards])
    return csv_text(DASHBOARD_COLUMNS, rows)
