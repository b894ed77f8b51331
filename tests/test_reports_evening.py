"""The evening report: attendance from the flags, letters from the tallies, same after a purge."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventsite.auth.models import Role
from eventsite.checkin import services as checkin
from eventsite.extensions import db, utcnow
from eventsite.reports import services
from eventsite.rsvp.models import Rsvp
from eventsite.rsvp.purge import purge_event
from eventsite.rsvp.services import cancel_rsvp
from eventsite.tallies import services as tallies
from eventsite.tallies.models import LetterTally, PostingMethod
from tests.builders import (
    make_chapter,
    make_event,
    make_prisoner,
    make_rsvp,
    make_tally,
    make_user,
)
from tests.helpers import login

pytestmark = pytest.mark.dates


@pytest.fixture
def evening(app):
    """A past evening with four seats: six sign-ups, two check-ins, two walk-ins."""
    chapter = make_chapter()
    starts = (utcnow() - timedelta(days=3)).replace(microsecond=0)
    event = make_event(
        chapter=chapter, capacity=4, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    before = starts - timedelta(days=1)
    gone, _ = make_rsvp(event, name="Fyodor Gone", now=before)
    cancel_rsvp(gone.id, now=before)
    anna, _ = make_rsvp(event, name="Anna Arrives", reads_russian=True, first_time=True, now=before)
    make_rsvp(event, name="Boris Absent", first_time=True, now=before)
    clara, _ = make_rsvp(event, name="Clara Arrives", reads_russian=True, now=before)
    make_rsvp(event, name="Dmitri Absent", now=before)
    make_rsvp(event, name="Eva Waiting", now=before)  # the fifth: waitlisted
    checkin.check_in(event, anna.id)
    checkin.check_in(event, clara.id)
    checkin.add_walk_in(event, "Walker One", reads_russian=True)
    checkin.add_walk_in(event, "Walker Two", reads_russian=False)
    db.session.commit()
    return event


def test_attendance_of_a_constructed_evening(evening):
    assert services.attendance(evening) == services.Attendance(
        confirmed=4,
        waitlisted=1,
        cancelled=1,
        arrived=4,
        no_shows=2,
        walk_ins=2,
        first_timers=1,
        russian_readers=3,
    )


def test_no_shows_are_counted_only_after_the_evening(app):
    event = make_event()
    make_rsvp(event)
    assert services.attendance(event).no_shows is None
    assert services.attendance(event, now=event.ends_at).no_shows == 1


def test_letters_add_up_against_the_tallies(evening):
    prisoners = [make_prisoner(name_ru=name) for name in ("Яковлев", "Алексеева", "Борисов")]
    host = make_user(chapter=evening.chapter, role=Role.HOST)
    tallies.save_tallies(
        evening, {prisoners[0].id: (5, 2), prisoners[1].id: (3, 0), prisoners[2].id: (0, 4)}, host
    )
    other_evening = make_event(chapter=evening.chapter)
    make_tally(other_evening, prisoners[0], letters=100, postcards=100)
    db.session.commit()

    report = services.evening_report(evening)

    in_db = db.session.execute(
        select(func.sum(LetterTally.letters), func.sum(LetterTally.postcards)).where(
            LetterTally.event_id == evening.id
        )
    ).one()
    assert (report.letters, report.postcards) == tuple(in_db) == (8, 6)
    assert sum(line.letters for line in report.lines) == report.letters
    assert sum(line.postcards for line in report.lines) == report.postcards
    assert [line.name_ru for line in report.lines] == ["Алексеева", "Борисов", "Яковлев"]
    assert report.posting is None


def test_report_shows_the_posting(evening):
    host = make_user(chapter=evening.chapter, role=Role.HOST)
    make_tally(evening, make_prisoner(name_ru="Петров"), letters=1)
    posted_on = evening.starts_at.date() + timedelta(days=1)
    tallies.mark_posted(evening, posted_on, PostingMethod.ELECTRONIC, host)
    db.session.commit()
    assert services.evening_report(evening).posting == services.Posting(
        posted_on, PostingMethod.ELECTRONIC
    )


def _everything(client, event):
    """What the report page, both CSVs and the services say about an evening."""
    report = services.evening_report(event)
    dashboard = services.dashboard(event.chapter_id, event.chapter.timezone, 12)
    page = client.get(f"/manage/events/{event.id}/report").text
    counts = page[page.index("<h1>") : page.index("Download")]
    evening_csv = client.get(f"/manage/events/{event.id}/report.csv").data
    chapter_csv = client.get(f"/manage/c/{event.chapter.slug}/report.csv").data
    return report, dashboard, counts, evening_csv, chapter_csv


def test_numbers_are_the_same_after_the_purge(evening, client):
    prisoner = make_prisoner()
    make_tally(evening, prisoner, letters=7, postcards=3)
    login(client, make_user(chapter=evening.chapter, role=Role.ORGANIZER).email)
    before = _everything(client, evening)

    assert purge_event(evening.id) == 8
    db.session.commit()
    db.session.expire_all()
    names = db.session.scalars(select(Rsvp.name).where(Rsvp.event_id == evening.id)).all()
    assert names == [None] * 8

    after = _everything(client, evening)
    assert after == before
    assert before[0].attendance.arrived == 4
    assert before[1].total.arrivals == 4 and before[1].total.letters == 7


def test_page_and_csv_have_counts_and_no_attendee_data(evening, client):
    make_tally(evening, make_prisoner(name_ru='=HYPERLINK("http://x")', name_latin="-2+3"), 2, 1)
    make_tally(evening, make_prisoner(name_ru="Петров Пётр", name_latin="Petrov Pyotr"), 1, 0)
    login(client, make_user(chapter=evening.chapter, role=Role.HOST).email)

    page = client.get(f"/manage/events/{evening.id}/report")
    response = client.get(f"/manage/events/{evening.id}/report.csv")

    for text in (page.text, response.data.decode("utf-8-sig")):
        for person in ("Anna", "Boris", "Walker", "Eva", "@example.org"):
            assert person not in text
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["prisoner_id", "name_ru", "name_latin", "letters", "postcards"]
    assert rows[1][1:] == ['\'=HYPERLINK("http://x")', "'-2+3", "2", "1"]
    assert rows[2][1:] == ["Петров Пётр", "Petrov Pyotr", "1", "0"]
    assert rows[-1] == ["", "total", "", "3", "1"]
    assert sum(int(r[3]) for r in rows[1:-1]) == int(rows[-1][3])
