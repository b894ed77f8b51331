"""A series: preview its dates, no silently skipped months, change many at once; duplicates."""

import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from eventsite.auth.models import Role
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from tests.builders import make_chapter, make_rsvp, make_user
from tests.conftest import login

BERLIN = ZoneInfo("Europe/Berlin")


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
        "repeat": "monthly_nth",
        "count": "4",
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
    return db.session.scalars(db.select(Event).order_by(Event.starts_at)).all()


def _local_days(events):
    return [e.starts_at.astimezone(BERLIN).date().isoformat() for e in events]


def test_preview_lists_the_dates_and_saves_nothing(organizer, client):
    response = client.post(f"/manage/c/{organizer.slug}/events/new", data=_form(action="preview"))
    assert response.status_code == 200
    items = re.findall(r"<li>(.*?)</li>", response.text.split('id="preview"')[1])
    assert items[:4] == [
        "Thursday, December 10, 2026",
        "Thursday, January 14, 2027",
        "Thursday, February 11, 2027",
        "Thursday, March 11, 2027",
    ]
    assert _events() == []


def test_a_fifth_weekday_series_warns_of_skipped_months_and_offers_the_last(organizer, client):
    url = f"/manage/c/{organizer.slug}/events/new"
    data = _form(day="2026-12-31")  # the 5th Thursday of December
    response = client.post(url, data=data)
    assert "Not every month has a 5th Thursday" in response.text
    assert "January 2027, February 2027, March 2027" in response.text
    assert "last such weekday" in response.text
    assert 'name="accept_skips"' in response.text
    assert _events() == []
    client.post(url, data=data | {"repeat": "monthly_last"})
    assert _local_days(_events()) == ["2026-12-31", "2027-01-28", "2027-02-25", "2027-03-25"]


def test_skipping_months_on_purpose_is_possible(organizer, client):
    client.post(
        f"/manage/c/{organizer.slug}/events/new",
        data=_form(day="2026-12-31", accept_skips="y"),
    )
    assert _local_days(_events())[:2] == ["2026-12-31", "2027-04-29"]


def _series(client, organizer, count="3"):
    client.post(f"/manage/c/{organizer.slug}/events/new", data=_form(repeat="weekly", count=count))
    return _events()


def test_publish_edit_and_cancel_this_and_all_later(organizer, client):
    _first, second, third = _series(client, organizer)
    client.post(f"/manage/events/{second.id}/publish", data={"scope": "later"})
    db.session.expire_all()
    assert [e.status for e in _events()] == [
        EventStatus.DRAFT,
        EventStatus.PUBLISHED,
        EventStatus.PUBLISHED,
    ]
    make_rsvp(third, email="t@example.org")
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    edit = _form(
        repeat="none",
        day="2026-12-17",
        title="Cards and tea",
        starts="19:00",
        ends="21:30",
        scope="later",
    )
    response = client.post(f"/manage/events/{second.id}/edit", data=edit, follow_redirects=True)
    assert "1 later evening" in response.text
    db.session.expire_all()
    events = _events()
    assert [e.title for e in events] == ["Cards", "Cards and tea", "Cards and tea"]
    assert _local_days(events) == ["2026-12-10", "2026-12-17", "2026-12-24"]
    assert [e.starts_at.astimezone(BERLIN).strftime("%H:%M") for e in events] == [
        "18:30",
        "19:00",
        "19:00",
    ]
    # the third evening's attendee is told, once
    assert [m.kind for m in db.session.scalars(db.select(OutboxMessage))] == ["event_changed"]
    client.post(f"/manage/events/{second.id}/cancel", data={"scope": "later"})
    db.session.expire_all()
    assert [e.status for e in _events()] == [
        EventStatus.DRAFT,
        EventStatus.CANCELLED,
        EventStatus.CANCELLED,
    ]


def test_only_this_evening_leaves_the_rest_alone(organizer, client):
    first, _second, _third = _series(client, organizer)
    client.post(
        f"/manage/events/{first.id}/edit",
        data=_form(repeat="none", title="Just once", scope="this"),
    )
    db.session.expire_all()
    assert [e.title for e in _events()] == ["Just once", "Cards", "Cards"]


def test_duplicate_an_evening_to_a_new_date(organizer, client):
    [original] = _series(client, organizer, count="1")
    response = client.post(f"/manage/events/{original.id}/duplicate", data={"day": "2027-01-07"})
    assert response.status_code == 302
    copy = _events()[-1]
    assert copy.id != original.id and copy.status == EventStatus.DRAFT
    assert (copy.title, copy.venue_address, copy.capacity) == ("Cards", "Street 1", 12)
    assert copy.starts_at.astimezone(BERLIN).isoformat().startswith("2027-01-07T18:30")
    refused = client.post(
        f"/manage/events/{original.id}/duplicate",
        data={"day": "2020-01-01"},
        follow_redirects=True,
    )
    assert "in the past" in refused.text
    assert len(_events()) == 2


def test_another_chapters_organizer_cannot_duplicate(organizer, client, app):
    [original] = _series(client, organizer, count="1")
    other = app.test_client()
    login(other, make_user(chapter=make_chapter(), role=Role.ORGANIZER).email)
    assert (
        other.post(
            f"/manage/events/{original.id}/duplicate", data={"day": "2027-01-07"}
        ).status_code
        == 404
    )
    assert len(_events()) == 1
