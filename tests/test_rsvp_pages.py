"""The attendee's path through the pages: sign up, see, cancel; what strangers see."""

import re

import pytest

from eventsite.events import services as events
from eventsite.events.models import AddressVisibility, EventStatus
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_event, make_rsvp

FORM = {"name": "Kit", "email": "kit@example.org", "reads_russian": "y", "note": "wheelchair"}


def _signup(client, event, **data):
    return client.post(f"/events/{event.id}/rsvp", data={**FORM, **data})


def test_sign_up_and_land_on_the_private_page(app, client):
    event = make_event(capacity=5)
    response = _signup(client, event)
    assert response.status_code == 302
    manage_url = response.headers["Location"]
    assert re.fullmatch(r"/rsvp/[A-Za-z0-9_-]{43}", manage_url)
    page = client.get(manage_url)
    assert "Kit, your seat is confirmed." in page.text
    rsvp = db.session.scalar(db.select(Rsvp))
    assert (rsvp.reads_russian, rsvp.first_time, rsvp.note) == (True, False, "wheelchair")
    assert manage_url.split("/")[-1] not in str(rsvp.manage_token_hash)


def test_full_evening_puts_people_on_the_waitlist_with_their_position(app, client):
    event = make_event(capacity=1)
    make_rsvp(event)
    make_rsvp(event)
    page = client.get(_signup(client, event).headers["Location"])
    assert "You are number 2 on the waitlist" in page.text


def test_cancel_via_the_private_link_promotes_the_next(app, client):
    event = make_event(capacity=1)
    manage_url = _signup(client, event).headers["Location"]
    waiting, _ = make_rsvp(event)
    client.post(manage_url + "/cancel")
    assert "You cancelled this sign-up." in client.get(manage_url).text
    db.session.refresh(waiting)
    assert waiting.status == RsvpStatus.CONFIRMED


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500])
def test_manage_link_needs_the_exact_token(app, client, token):
    event = make_event()
    make_rsvp(event)
    assert client.get(f"/rsvp/{token}").status_code == 404
    assert client.post(f"/rsvp/{token}/cancel").status_code == 404
    assert db.session.scalar(db.select(Rsvp)).status == RsvpStatus.CONFIRMED


def test_duplicate_email_is_answered_kindly_without_revealing_anything(app, client):
    event = make_event()
    make_rsvp(event, name="Secret Name", email="kit@example.org")
    response = _signup(client, event, name="Stranger", email="KIT@example.org")
    assert response.status_code == 409
    assert "already signed up" in response.text
    assert "Secret Name" not in response.text
    assert "/rsvp/" not in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"name": ""},
        {"email": "not-an-email"},
        {"name": "x" * 121},
        {"note": "x" * 501},
    ],
)
def test_bad_sign_up_is_refused_with_a_message_and_nothing_saved(app, client, data):
    event = make_event()
    response = _signup(client, event, **data)
    assert response.status_code == 422
    assert 'class="error"' in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp)) == 0


def test_private_address_is_shown_only_to_confirmed_attendees(app, client):
    event = make_event(
        capacity=1, venue_address="Secret Flat 7", address_visibility=AddressVisibility.ATTENDEES
    )
    assert "Secret Flat 7" not in client.get(f"/events/{event.id}").text
    assert "LOCATION" not in client.get(f"/events/{event.id}.ics").text
    confirmed_url = _signup(client, event).headers["Location"]
    waiting_url = _signup(client, event, email="w@example.org").headers["Location"]
    assert "Secret Flat 7" in client.get(confirmed_url).text
    assert "Secret Flat 7" in client.get(confirmed_url + "/event.ics").text
    assert "Secret Flat 7" not in client.get(waiting_url).text
    assert "Secret Flat 7" not in client.get(waiting_url + "/event.ics").text


def test_public_address_is_shown_to_everyone(app, client):
    event = make_event(venue_address="Open Café 1")
    assert "Open Café 1" in client.get(f"/events/{event.id}").text
    assert "Open Café 1" in client.get(f"/events/{event.id}.ics").text


@pytest.mark.parametrize("path", ["/events/{id}", "/events/{id}/rsvp", "/events/{id}.ics"])
def test_drafts_do_not_exist_for_the_public(app, client, path):
    event = make_event(status=EventStatus.DRAFT, title="Hidden draft")
    response = client.get(path.format(id=event.id))
    assert response.status_code == 404
    assert "Hidden draft" not in client.get("/").text
    assert "Hidden draft" not in client.get(f"/c/{event.chapter.slug}/").text


def test_closed_evening_says_why(app, client):
    event = make_event(status=EventStatus.CANCELLED)
    response = _signup(client, event)
    assert response.status_code == 409
    assert "This evening has been cancelled." in response.text


def test_attendee_names_never_appear_on_public_pages(app, client):
    event = make_event(capacity=1)
    make_rsvp(event, name="Zinaida Confirmed")
    make_rsvp(event, name="Yuri Waiting")
    for path in [
        "/",
        f"/c/{event.chapter.slug}/",
        f"/events/{event.id}",
        f"/events/{event.id}.ics",
        f"/c/{event.chapter.slug}/events.ics",
    ]:
        body = client.get(path).text
        assert "Zinaida" not in body and "Yuri" not in body, path


@pytest.mark.dates
def test_lists_show_seats_left_and_times_in_the_chapter_zone(app, client):
    from datetime import timedelta

    from eventsite.extensions import utcnow
    from tests.builders import make_chapter

    chapter = make_chapter(timezone="Asia/Tbilisi", name="Tbilisi letters")
    # Ten days ahead, so it stays on the list of upcoming evenings whatever today is.
    starts = (utcnow() + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
    event = make_event(
        chapter=chapter, capacity=3, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    make_rsvp(event)
    page = client.get("/").text
    assert "2 seats left" in page
    assert "6:00\u202fPM" in page  # 14:00 UTC is 18:00 in Tbilisi (UTC+4)
    assert "2:00\u202fPM" not in page
    assert "Tbilisi letters" in client.get(f"/c/{chapter.slug}/").text


def test_index_is_paginated(app, client):
    from tests.builders import make_chapter

    chapter = make_chapter()
    for _ in range(25):
        make_event(chapter=chapter)
    first = client.get("/").text
    assert first.count('class="card"') == 20
    assert "Page 1 of 2" in first
    assert client.get("/?page=2").text.count('class="card"') == 5
    assert client.get("/?page=99").status_code == 200


def test_the_private_page_asks_before_cancelling_and_lets_people_fix_their_details(client):
    event = make_event(capacity=1)
    rsvp, token = make_rsvp(event, name="Kat")
    page = client.get(f"/rsvp/{token}").text
    assert f'href="/rsvp/{token}/cancel"' in page  # a link to a page that asks
    assert f'action="/rsvp/{token}/cancel"' not in page
    client.post(f"/rsvp/{token}/edit", data={"name": "Kate B.", "reads_russian": "y"})
    db.session.expire_all()
    row = db.session.get(Rsvp, rsvp.id)
    assert (row.name, row.reads_russian) == ("Kate B.", True)
    bad = client.post(f"/rsvp/{token}/edit", data={"name": "..."}, follow_redirects=True)
    assert "at least one letter" in bad.text
    waiting, wait_token = make_rsvp(event, name="Lou")
    assert waiting.status == RsvpStatus.WAITLISTED
    page = client.get(f"/rsvp/{wait_token}").text
    assert "Add to calendar" not in page and "door code" not in page.lower()


def test_a_cancelled_evening_shows_no_door_code_or_calendar(client):
    event = make_event()
    _rsvp, token = make_rsvp(event)
    events.cancel(event)
    db.session.commit()
    page = client.get(f"/rsvp/{token}").text
    assert "Your door code" not in page and "Add to calendar" not in page
