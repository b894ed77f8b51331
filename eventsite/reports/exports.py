"""The reports as rows for CSV and .xlsx: plain data in, files out."""

from datetime import date

from eventsite.core.csv import csv_text
from eventsite.core.spreadsheets import xlsx_bytes
from eventsite.reports.services import Dashboard, EveningReport

EVENING_COLUMNS = ["prisoner_id", "name_ru", "name_latin", "letters", "postcards"]
DASHBOARD_COLUMNS = ["month", "evenings", "signups", "arrivals", "letters", "postcards"]


def evening_rows(report: EveningReport) -> list[list[object]]:
    """One line per prisoner, then a totals line."""
    rows: list[list[object]] = [
        [line.prisoner_id, line.name_ru, line.name_latin, line.letters, line.postcards]
        for line in report.lines
    ]
    rows.append([None, "total", None, report.letters, report.postcards])
    return rows


def dashboard_rows(dashboard: Dashboard) -> list[list[object]]:
    """One line per month (its first day), then a totals line."""
    rows: list[list[object]] = [
        [
            date(m.month.year, m.month.month, 1),
            m.evenings,
            m.signups,
            m.arrivals,
            m.letters,
            m.postcards,
        ]
        for m in dashboard.months
    ]
    t = dashboard.total
    rows.append(["total", t.evenings, t.signups, t.arrivals, t.letters, t.postcards])
    return rows


def evening_csv(report: EveningReport) -> str:
    return csv_text(EVENING_COLUMNS, evening_rows(report))


def evening_xlsx(report: EveningReport) -> bytes:
    return xlsx_bytes(EVENING_COLUMNS, evening_rows(report), sheet="Letters")


def dashboard_csv(dashboard: Dashboard) -> str:
    """Months as YYYY-MM, as before: a month has no day."""
    rows = [
        [f"{row[0]:%Y-%m}" if isinstance(row[0], date) else row[0], *row[1:]]
        for row in dashboard_rows(dashboard)
    ]
    return csv_text(DASHBOARD_COLUMNS, rows)


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    return xlsx_bytes(
        DASHBOARD_COLUMNS, dashboard_rows(dashboard), sheet="Months", formats={0: "yyyy-mm"}
    )
