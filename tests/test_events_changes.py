"""Saving an evening: only real changes count, are mailed, and say what changed."""

from datetime import timedelta

import pytest
from babel.dates import format_time

from eventsite.auth.models import Role
from eventsite.events.timeutil import to_local
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import deliver_due
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.conftest import login
from tests.smtp import SMTPServer

ADDRESS = "Geheimweg 5\n10115 Berlin"


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def evening(app, client):
    chapter = make_chapter(timezone="Europe/Berlin")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    event = make_event(chapter, venue_address=ADDRESS, capacity=10)
    for n in range(3):
        make_rsvp(event, name=f"Person {n}", email=f"p{n}@example.org")
    db.session.query(OutboxMessage).delete()  # the sign-up mails
    db.session.commit()
    return event


def as_browser_sends(event, **overrides):
    """The edit form as a browser posts it back: textareas with CRLF line ends."""
    tz = event.chapter.timezone
    starts, ends = to_local(event.starts_at, tz), to_local(event.ends_at, tz)
    data = {
        "title": event.title,
        "description": event.description.replace("\n", "\r\n"),
        "day": starts.date().isoformat(),
        "starts": starts.strftime("%H:%M"),
        "ends": ends.strftime("%H:%M"),
        "venue_name": event.venue_name,
        "venue_address": event.venue_address.replace("\n", "\r\n"),
        "address_visibility": event.address_visibility.value,
        "capacity": str(event.capacity),
    }
    data.update(overrides)
    return data


def outbox_kinds():
    return [m.kind for m in db.session.scalars(db.select(OutboxMessage))]


def test_saving_an_unchanged_evening_sends_nothing_and_says_so(evening, client):
    sequence = evening.sequence
    response = client.post(
        f"/manage/events/{evening.id}/edit", data=as_browser_sends(evening), follow_redirects=True
    )
    assert "Nothing changed" in response.text
    assert outbox_kinds() == []
    db.session.refresh(evening)
    assert evening.sequence == sequence
    assert evening.venue_address == ADDRESS


def test_trailing_spaces_and_crlf_count_as_no_change(evening, client):
    data = as_browser_sends(evening, venue_address="Geheimweg 5   \r\n10115 Berlin \r\n\r\n")
    client.post(f"/manage/events/{evening.id}/edit", data=data)
    assert outbox_kinds() == []


def test_new_text_is_stored_normalised(evening, client):
    data = as_browser_sends(evening, venue_address="Hinterhof 2  \r\n\r\n10999 Berlin\r\n")
    client.post(f"/manage/events/{evening.id}/edit", data=data)
    db.session.refresh(evening)
    assert evening.venue_address == "Hinterhof 2\n\n10999 Berlin"
    assert outbox_kinds() == ["event_changed"] * 3


def test_more_seats_alone_send_no_mail(evening, client):
    response = client.post(
        f"/manage/events/{evening.id}/edit",
        data=as_browser_sends(evening, capacity="15"),
        follow_redirects=True,
    )
    assert "No email was sent" in response.text
    db.session.refresh(evening)
    assert evening.capacity == 15
    assert outbox_kinds() == []


def test_the_changed_mail_says_what_changed_and_keeps_address_lines(evening, client, smtp):
    starts = to_local(evening.starts_at, evening.chapter.timezone)
    later = f"{starts.hour + 1:02d}:{starts.minute:02d}"
    data = as_browser_sends(evening, starts=later, venue_address="Hinterhof 2\r\n10999 Berlin")
    client.post(f"/manage/events/{evening.id}/edit", data=data)
    deliver_due()
    [message] = smtp.inbox.to("p0@example.org")
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    old_time = format_time(starts, "short", locale="en")
    new_time = format_time(starts + timedelta(hours=1), "short", locale="en")
    when = text.split("When:\n")[1]
    assert when.startswith("  before: ") and f"{old_time}–" in when.split("\n")[0]
    assert when.split("\n")[1].startswith("  now: ") and f"{new_time}–" in when.split("\n")[1]
    # address lines stay lines, old and new
    assert "before: Geheimweg 5\n" in text
    assert "\n          10115 Berlin\n" in text
    assert "now: Hinterhof 2\n" in text
    assert ", 10115 Berlin" not in text and ", 10999 Berlin" not in text
    assert "Where:" not in text.split("Evening:")[0]  # the venue name did not change


def test_cancelling_with_a_reason_and_another_evening_says_both(evening, client, smtp):
    instead = make_event(evening.chapter, title="Next week instead")
    client.post(
        f"/manage/events/{evening.id}/cancel",
        data={"reason": "The café is closed.\r\nSorry!", "instead": str(instead.id)},
    )
    deliver_due()
    [message] = smtp.inbox.to("p1@example.org")
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "The organizers write:\n  The café is closed.\n  Sorry!\n" in text
    assert "Instead, come to “Next week instead”" in text
    assert f"http://letters.test/events/{instead.id}" in text
