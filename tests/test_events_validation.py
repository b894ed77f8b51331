"""Evenings and names that cannot be right are refused with a clear message."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from eventsite.auth.models import Role
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.conftest import login

TODAY = date(2026, 12, 2)
TODAY_UTC = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")


def _form(**overrides):
    data = {
        "title": "Cards",
        "day": "2026-12-10",
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
    with time_machine.travel("2026-12-02 12:00Z", tick=False):
        chapter = make_chapter(timezone="Europe/Berlin")
        login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
        yield chapter


def _events():
    return db.session.scalar(db.select(db.func.count()).select_from(Event))


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S))


def test_an_evening_ending_before_it_starts_is_refused(organizer, client):
    response = client.post(
        f"/manage/c/{organizer.slug}/events/new", data=_form(starts="21:00", ends="19:00")
    )
    assert response.status_code == 200
    assert "must end after it starts" in _errors(response.text)
    assert _events() == 0


def test_a_past_evening_needs_the_explicit_choice(organizer, client):
    url = f"/manage/c/{organizer.slug}/events/new"
    response = client.post(url, data=_form(day="2020-01-01"))
    assert "in the past" in _errors(response.text)
    assert "<details open>" in response.text  # the way out is shown, not hidden
    assert _events() == 0
    response = client.post(url, data=_form(day="2020-01-01", record_past="y"))
    assert response.status_code == 302
    assert _events() == 1


def test_editing_a_past_evening_without_moving_it_is_fine(organizer, client):
    event = make_event(
        organizer,
        starts_at=TODAY_UTC - timedelta(days=30),
        ends_at=TODAY_UTC - timedelta(days=30) + timedelta(hours=3),
    )
    data = _form(day=(TODAY - timedelta(days=30)).isoformat(), starts="19:00", ends="22:00")
    response = client.post(f"/manage/events/{event.id}/edit", data=data | {"title": "Fixed"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.title == "Fixed"
    moved = data | {"day": (TODAY - timedelta(days=29)).isoformat()}
    response = client.post(f"/manage/events/{event.id}/edit", data=moved)
    assert "in the past" in _errors(response.text)


def test_seats_below_the_confirmed_count_need_the_explicit_choice(organizer, client):
    event = make_event(organizer, capacity=8)
    for n in range(5):
        make_rsvp(event, email=f"p{n}@example.org")
    local = event.starts_at.astimezone(ZONE)
    data = _form(
        day=local.date().isoformat(),
        starts=f"{local:%H:%M}",
        ends=f"{event.ends_at.astimezone(ZONE):%H:%M}",
        capacity="3",
    )
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert "5 people already have a seat, more than 3" in _errors(response.text)
    assert 'name="below_confirmed"' in response.text
    db.session.refresh(event)
    assert event.capacity == 8
    response = client.post(f"/manage/events/{event.id}/edit", data=data | {"below_confirmed": "y"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.capacity == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 5


def test_sign_up_must_close_before_the_start(organizer, client):
    response = client.post(
        f"/manage/c/{organizer.slug}/events/new",
        data=_form(deadline_day="2026-12-10", deadline_time="19:00"),
    )
    assert "must close before the evening starts" in _errors(response.text)
    assert _events() == 0


@pytest.mark.parametrize("name", ["   ", "...", "- -", "\u00a0"])
def test_a_name_needs_a_letter_at_sign_up(organizer, client, name):
    event = make_event(organizer)
    response = client.post(
        f"/events/{event.id}/rsvp", data={"name": name, "email": "x@example.org"}
    )
    assert response.status_code == 422
    assert "at least one letter" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 0


def test_a_walk_in_needs_a_letter_too(organizer, client):
    event = make_event(organizer)
    response = client.post(
        f"/manage/events/{event.id}/walk-in",
        data={"name": "  .  "},
        follow_redirects=True,
    )
    assert "at least one letter" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 0


def test_names_are_kept_on_one_line_and_a_final_dot_is_not_doubled(organizer, client):
    event = make_event(organizer)
    response = client.post(
        f"/events/{event.id}/rsvp",
        data={"name": "  Anna   K. ", "email": "a@example.org"},
        follow_redirects=True,
    )
    assert "Anna K., your seat is confirmed." in response.text
    assert ".." not in response.text


def test_times_on_the_organizers_list_have_no_seconds(organizer, client):
    make_event(organizer)
    page = client.get(f"/manage/c/{organizer.slug}/events").text
    assert not re.search(r"\d:\d\d:\d\d", page)
