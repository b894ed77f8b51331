"""Calendar files parse with two independent parsers and carry the right times."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from eventsite.events import services as events
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from tests.builders import make_chapter, make_event

pytestmark = pytest.mark.dates

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)


def _both(body: bytes):
    cal = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(body.decode())
    return cal, vcal


def test_event_file_has_the_rfc_5545_essentials(app, client):
    event = make_event(title="Письма в Сибирь")
    response = client.get(f"/events/{event.id}.ics")
    assert response.mimetype == "text/calendar"
    cal, vcal = _both(response.data)
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    assert "DTSTAMP" in vevent
    assert str(vevent["SUMMARY"]) == "Письма в Сибирь"
    assert vevent["STATUS"] == "CONFIRMED"
    assert "METHOD" not in cal  # a download, not a scheduling message
    assert str(vevent["ORGANIZER"]) == f"mailto:{event.chapter.contact_email}"
    assert vevent["ORGANIZER"].params["CN"] == event.chapter.name
    assert vcal.vevent.summary.value == "Письма в Сибирь"
    assert vcal.vevent.dtstart.value == event.starts_at
    assert "DTSTART:" in response.text and "Z\r\n" in response.text  # UTC times


@pytest.mark.parametrize(
    ("local_start", "utc_hour"),
    [
        (datetime(2031, 3, 29, 18, 30), 17),  # Saturday before the change: CET, UTC+1
        (datetime(2031, 3, 30, 18, 30), 16),  # the Sunday after: CEST, UTC+2
        (datetime(2031, 10, 26, 18, 30), 17),  # back to CET
    ],
)
def test_times_are_right_across_a_dst_change(app, client, local_start, utc_hour):
    chapter = make_chapter(timezone="Europe/Berlin")
    starts = local_start.replace(tzinfo=BERLIN).astimezone(UTC)
    event = make_event(chapter=chapter, starts_at=starts, ends_at=starts + timedelta(hours=2))
    cal, vcal = _both(client.get(f"/events/{event.id}.ics").data)
    dtstart = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert dtstart.astimezone(UTC).hour == utc_hour
    assert dtstart.astimezone(BERLIN).replace(tzinfo=None) == local_start
    assert vcal.vevent.dtstart.value.astimezone(UTC) == starts
    assert vcal.vevent.dtend.value.astimezone(UTC) == starts + timedelta(hours=2)


def test_cancelled_evening_says_so_and_sequence_grows(app, client):
    event = make_event()
    first = icalendar.Calendar.from_ical(client.get(f"/events/{event.id}.ics").data)
    events.cancel(event)
    db.session.commit()
    second = icalendar.Calendar.from_ical(client.get(f"/events/{event.id}.ics").data)
    before, after = first.walk("VEVENT")[0], second.walk("VEVENT")[0]
    assert after["STATUS"] == "CANCELLED"
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_chapter_feed_lists_live_evenings_only(app, client):
    chapter = make_chapter(name="Feed chapter")
    now = utcnow()
    upcoming = make_event(chapter=chapter, title="Upcoming one")
    recent = now - timedelta(days=3)
    make_event(chapter=chapter, title="Held", starts_at=recent, ends_at=recent + timedelta(hours=2))
    make_event(chapter=chapter, title="Draft one", status=EventStatus.DRAFT)
    make_event(
        chapter=chapter, title="Cancelled one", status=EventStatus.CANCELLED, cancelled_at=now
    )
    old = now - timedelta(days=90)
    make_event(chapter=chapter, title="Long ago", starts_at=old, ends_at=old + timedelta(hours=2))
    make_event(title="Other chapter")
    response = client.get(f"/c/{chapter.slug}/events.ics")
    assert response.mimetype == "text/calendar"
    cal, vcal = _both(response.data)
    titles = sorted(str(v["SUMMARY"]) for v in cal.walk("VEVENT"))
    # A cancelled evening leaves the feed, so subscribed calendars drop it.
    assert titles == ["Held", "Upcoming one"]
    assert cal["X-WR-CALNAME"] == "Feed chapter"
    assert len(vcal.vevent_list) == 2
    assert upcoming.title in response.text


def _feed_titles(client, chapter) -> list[tuple[str, str]]:
    cal = icalendar.Calendar.from_ical(client.get(f"/c/{chapter.slug}/events.ics").data)
    return [(str(v["SUMMARY"]), str(v["STATUS"])) for v in cal.walk("VEVENT")]


def test_a_feed_without_live_evenings_keeps_the_last_one_held(app, client):
    chapter = make_chapter()
    assert _feed_titles(client, chapter) == []  # nothing ever published: nothing to keep
    long_ago = utcnow() - timedelta(days=90)
    for days, title in ((0, "Held long ago"), (-7, "Held before")):
        starts = long_ago + timedelta(days=days)
        make_event(chapter=chapter, title=title, starts_at=starts, ends_at=starts + HOUR)
    make_event(chapter=chapter, title="Cancelled", status=EventStatus.CANCELLED)
    # Never empty once it had an evening: vdirsyncer refuses a source that emptied.
    assert _feed_titles(client, chapter) == [("Held long ago", "CONFIRMED")]


def test_a_feed_whose_evenings_were_all_cancelled_keeps_the_latest_as_cancelled(app, client):
    chapter = make_chapter()
    first = make_event(chapter=chapter, title="First")
    make_event(
        chapter=chapter,
        title="Second",
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
    )
    make_event(chapter=chapter, title="Draft", status=EventStatus.DRAFT)
    for event in db.session.scalars(db.select(Event).where(Event.chapter_id == chapter.id)):
        if event.status == EventStatus.PUBLISHED:
            events.cancel(event)
    db.session.commit()
    assert _feed_titles(client, chapter) == [("Second", "CANCELLED")]


def test_unknown_chapter_feed_is_404(client):
    assert client.get("/c/nope/events.ics").status_code == 404
