"""Exports open right in spreadsheets: .xlsx with typed cells, CSV that reads as dates.

Every .xlsx is read back by openpyxl and by python-calamine (a Rust reader that
shares nothing with openpyxl or with xlsxwriter, which writes the files).
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
import time_machine
from python_calamine import CalamineWorkbook

from eventsite.auth.models import Role
from eventsite.events.models import EventStatus
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from tests.builders import (
    make_chapter,
    make_event,
    make_prisoner,
    make_rsvp,
    make_tally,
    make_user,
)
from tests.helpers import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNED_UP = datetime(2026, 12, 1, 20, 19, 52, tzinfo=UTC)  # 21:19:52 in Berlin


@pytest.fixture
def organizer(app, client):
    chapter = make_chapter(timezone="Europe/Berlin", slug="berlin")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    return chapter


def _xlsx(response):
    assert response.status_code == 200, response.text
    assert response.mimetype == XLSX
    assert "no-store" in response.headers["Cache-Control"]
    assert "attachment;" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(response.data))
    other = calamine.get_sheet_by_index(0).to_python()
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.freeze_panes == "A2"
    return sheet, rows, other


def _csv(response):
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _rsvp_event(chapter):
    starts = SIGNED_UP + timedelta(days=7)
    event = make_event(
        chapter=chapter, capacity=1, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    with time_machine.travel(SIGNED_UP, tick=False):
        make_rsvp(event, name='=HYPERLINK("http://x")', email="a@example.org", note="+1 @all")
        make_rsvp(event, name="Вера Иванова", email="b@example.org", reads_russian=True)
    return event


@pytest.mark.dates
def test_rsvp_xlsx_has_typed_local_times_and_no_formulas(organizer, client):
    event = _rsvp_event(organizer)
    sheet, rows, other = _xlsx(client.get(f"/manage/events/{event.id}/rsvps.xlsx"))
    header = rows[0]
    assert header[-1] == "signed_up_at (Europe/Berlin)"
    first, second = rows[1], rows[2]
    assert first[:4] == ["confirmed", None, '=HYPERLINK("http://x")', "a@example.org"]
    assert sheet["C2"].data_type == "s"  # text, never a formula
    assert first[6] == "+1 @all"
    assert second[1] == 1 and second[4] is True
    assert first[-1] == datetime(2026, 12, 1, 21, 19, 52)  # naive local, as Excel keeps it
    assert sheet.cell(2, len(header)).is_date
    # The second reader sees the same types.
    assert other[0] == header
    assert other[1][2] == '=HYPERLINK("http://x")'
    assert other[1][-1] == datetime(2026, 12, 1, 21, 19, 52)
    assert other[2][1] == 1 and other[2][4] is True
    assert sheet.column_dimensions["D"].width >= len("b@example.org")


@pytest.mark.dates
def test_rsvp_csv_writes_dates_as_spreadsheets_read_them(organizer, client):
    event = _rsvp_event(organizer)
    response = client.get(f"/manage/events/{event.id}/rsvps.csv")
    assert response.mimetype == "text/csv"
    header, first, second = _csv(response)
    assert header[-1] == "signed_up_at (Europe/Berlin)"
    assert first[-1] == second[-1] == "2026-12-01 21:19:52"
    assert first[2] == '\'=HYPERLINK("http://x")' and first[6] == "'+1 @all"
    assert second[4] == "yes"


def test_evening_report_xlsx(organizer, client):
    event = make_event(chapter=organizer)
    prisoner = make_prisoner(name_ru="=Петров Пётр", name_latin="Petrov Pyotr")
    make_tally(event, prisoner, letters=4, postcards=2)
    _sheet, rows, other = _xlsx(client.get(f"/manage/events/{event.id}/report.xlsx"))
    assert rows[0] == ["prisoner_id", "name_ru", "name_latin", "letters", "postcards"]
    assert rows[1] == [prisoner.id, "=Петров Пётр", "Petrov Pyotr", 4, 2]
    assert rows[-1] == [None, "total", None, 4, 2]
    assert other[1][3] == 4 and other[-1][3] == 4
    csv_rows = _csv(client.get(f"/manage/events/{event.id}/report.csv"))
    assert csv_rows[1][1] == "'=Петров Пётр"


@pytest.mark.dates
def test_chapter_report_xlsx_has_months_as_dates(organizer, client):
    when = (utcnow() - timedelta(days=35)).replace(hour=17, minute=0)
    make_event(chapter=organizer, starts_at=when, ends_at=when + timedelta(hours=2))
    local = to_local(when, "Europe/Berlin")
    month = datetime(local.year, local.month, 1)
    sheet, rows, other = _xlsx(client.get("/manage/c/berlin/report.xlsx?months=3"))
    assert rows[0][0] == "month"
    row = next(r for r in rows[1:] if r[0] == month)
    assert row[1] == 1  # one evening that month, as a number
    assert sheet["A2"].number_format == "yyyy-mm"
    assert sheet["A2"].is_date
    assert rows[-1][0] == "total"
    assert other[0] == rows[0]
    assert any(r[0] in (month, month.date()) and r[1] == 1 for r in other[1:])
    csv_rows = _csv(client.get("/manage/c/berlin/report.csv?months=3"))
    assert [f"{month:%Y-%m}", "1"] == csv_rows[[r[0] for r in csv_rows].index(f"{month:%Y-%m}")][:2]


def test_prisoner_directory_xlsx_keeps_dates_typed(app, client, organizer):
    make_prisoner(
        name_ru="Смирнова Анна",
        birth_date=date(1990, 5, 17),
        tags=("women",),
        writer_notes="@ не писать о деле",
    )
    _sheet, rows, other = _xlsx(client.get("/prisoners/export.xlsx"))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["name_ru"] == "Смирнова Анна"
    assert row["birth_date"] == datetime(1990, 5, 17)
    assert row["tags"] == "women"
    assert row["writer_notes"] == "@ не писать о деле"
    other_row = dict(zip(other[0], other[1], strict=True))
    assert other_row["birth_date"] in (date(1990, 5, 17), datetime(1990, 5, 17))
    csv_row = dict(zip(*_csv(client.get("/prisoners/export.csv")), strict=False))
    assert csv_row["birth_date"] == "1990-05-17"
    assert csv_row["writer_notes"] == "'@ не писать о деле"


def test_hosts_cannot_export_sign_ups(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter, status=EventStatus.PUBLISHED)
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    assert client.get(f"/manage/events/{event.id}/rsvps.xlsx").status_code == 404
    db.session.rollback()
