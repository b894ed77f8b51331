"""Organizers create, edit, publish and cancel evenings; hosts see sign-ups."""

import csv
import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from eventsite.auth.models import Role
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login


def next_year():
    """Next year as the test's (possibly frozen) clock sees it, so March is always ahead."""
    return date.today().year + 1


def _form(**overrides):
    data = {
        "title": "Birthday cards",
        "description": "Bring a pen.",
        "day": f"{next_year()}-03-05",
        "starts": "18:30",
        "ends": "21:00",
        "venue_name": "Café",
        "venue_address": "Street 1",
        "address_visibility": "public",
        "capacity": "12",
        "repeat": "none",
        "count": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organizer(app, client):
    chapter = make_chapter(timezone="Europe/Berlin")
    user = make_user(chapter=chapter, role=Role.ORGANIZER)
    login(client, user.email)
    return chapter


@pytest.mark.dates
def test_create_then_publish(organizer, client):
    response = client.post(f"/manage/c/{organizer.slug}/events/new", data=_form())
    assert response.status_code == 302
    event = db.session.scalar(db.select(Event))
    assert event.status == EventStatus.DRAFT
    # 18:30 in Berlin in March (CET, UTC+1) is 17:30 UTC
    assert (event.starts_at.hour, event.starts_at.minute) == (17, 30)
    assert client.get(f"/events/{event.id}").status_code == 404
    client.post(f"/manage/events/{event.id}/publish")
    assert client.get(f"/events/{event.id}").status_code == 200


@pytest.mark.dates
def test_a_weekly_series_keeps_the_wall_clock_time_across_dst(organizer, client):
    client.post(
        f"/manage/c/{organizer.slug}/events/new",
        data=_form(day=f"{next_year()}-03-19", repeat="weekly", count="3"),
    )
    events = db.session.scalars(db.select(Event).order_by(Event.starts_at)).all()
    assert len(events) == 3
    assert len({e.series_id for e in events}) == 1
    # Clocks go forward on the last Sunday of March: 18:30 local stays 18:30 local.
    assert {e.starts_at.astimezone(ZoneInfo("Europe/Berlin")).hour for e in events} == {18}
    assert [e.starts_at.date() - events[0].starts_at.date() for e in events] == [
        timedelta(0),
        timedelta(7),
        timedelta(14),
    ]


@pytest.mark.dates
def test_nonexistent_local_time_is_refused_clearly(organizer, client):
    # 02:30 on the last Sunday of March does not exist in Berlin.
    import calendar

    last_sunday = max(
        week[calendar.SUNDAY] for week in calendar.monthcalendar(next_year(), 3) if week[6]
    )
    response = client.post(
        f"/manage/c/{organizer.slug}/events/new",
        data=_form(day=f"{next_year()}-03-{last_sunday:02d}", starts="02:30", ends="04:00"),
    )
    assert response.status_code == 200
    assert "clocks change" in response.text
    assert db.session.scalar(db.select(Event)) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("capacity", "0"), ("capacity", "abc"), ("day", "2026-13-45"), ("title", "")],
)
def test_bad_evening_forms_are_refused(organizer, client, field, value):
    response = client.post(f"/manage/c/{organizer.slug}/events/new", data=_form(**{field: value}))
    assert response.status_code == 200
    assert 'class="error"' in response.text
    assert db.session.scalar(db.select(Event)) is None


def test_edit_bumps_the_calendar_sequence(organizer, client):
    event = make_event(chapter=organizer)
    before = event.sequence
    response = client.post(
        f"/manage/events/{event.id}/edit", data=_form(title="New title", venue_address="Other 2")
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.title == "New title"
    assert event.sequence == before + 1


def test_cancel_keeps_rsvps_and_closes_sign_up(organizer, client):
    event = make_event(chapter=organizer)
    make_rsvp(event)
    client.post(f"/manage/events/{event.id}/cancel")
    db.session.refresh(event)
    assert event.status == EventStatus.CANCELLED
    assert "This evening has been cancelled." in client.get(f"/events/{event.id}").text
    page = client.get(f"/manage/events/{event.id}").text
    assert "1 of 20 seats taken" in page


def test_rsvp_list_shows_counts_and_waitlist_order(organizer, client):
    event = make_event(chapter=organizer, capacity=1)
    make_rsvp(event, name="Alpha")
    make_rsvp(event, name="Bravo")
    make_rsvp(event, name="Charlie")
    page = client.get(f"/manage/events/{event.id}").text
    assert "1 of 1 seats taken · 2 waiting · 0 cancelled" in page
    assert page.index("Bravo") < page.index("Charlie")


def test_csv_export_for_organizers(organizer, client):
    event = make_event(chapter=organizer, capacity=1)
    make_rsvp(event, name="=HYPERLINK(1)", email="a@example.org")
    make_rsvp(event, name="Вера", email="b@example.org")
    response = client.get(f"/manage/events/{event.id}/rsvps.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [(r["status"], r["name"], r["waitlist_position"]) for r in rows] == [
        ("confirmed", "'=HYPERLINK(1)", ""),
        ("waitlisted", "Вера", "1"),
    ]


def test_hosts_see_sign_ups_but_cannot_export_or_change(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter)
    make_rsvp(event, name="Visible to host")
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    assert "Visible to host" in client.get(f"/manage/events/{event.id}").text
    assert client.get(f"/manage/events/{event.id}/rsvps.csv").status_code == 404
    assert client.post(f"/manage/events/{event.id}/cancel").status_code == 404
    assert client.get(f"/manage/events/{event.id}/edit").status_code == 404
    assert client.get(f"/manage/c/{chapter.slug}/events/new").status_code == 404
    db.session.refresh(event)
    assert event.status == EventStatus.PUBLISHED


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/manage/events/{id}"),
        ("get", "/manage/events/{id}/edit"),
        ("post", "/manage/events/{id}/edit"),
        ("post", "/manage/events/{id}/publish"),
        ("post", "/manage/events/{id}/cancel"),
        ("get", "/manage/events/{id}/rsvps.csv"),
        ("get", "/manage/c/{slug}/events"),
        ("get", "/manage/c/{slug}/events/new"),
        ("post", "/manage/c/{slug}/events/new"),
    ],
)
def test_another_chapters_evenings_are_404(app, client, method, path):
    mine, theirs = make_chapter(), make_chapter()
    event = make_event(chapter=theirs, status=EventStatus.DRAFT)
    login(client, make_user(chapter=mine, role=Role.ORGANIZER).email)
    url = path.format(id=event.id, slug=theirs.slug)
    response = getattr(client, method)(url, data=_form())
    assert response.status_code == 404
    db.session.refresh(event)
    assert event.status == EventStatus.DRAFT
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 1


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    event = make_event()
    response = client.get(f"/manage/events/{event.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
