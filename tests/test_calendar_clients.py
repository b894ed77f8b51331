"""Every calendar file the app writes, read by libical's iTIP rules, icalendar and vobject.

Downloads and feeds carry no METHOD; mail attachments say PUBLISH or CANCEL. Each
attendee's entry has its own UID, and a cancellation outranks what came before.
"""

import uuid
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from eventsite.events import services as events
from eventsite.events.services import Schedule
from eventsite.events.timeutil import to_local
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp import services as rsvps
from eventsite.rsvp.models import RsvpStatus
from eventsite.rsvp.reminders import queue_reminders
from tests.builders import make_chapter, make_event, make_rsvp
from tests.helpers import outbox_raw
from tests.icalcheck import check_all, read

# The messages stay in the outbox to be read (without a broker they would go at the commit).
pytestmark = pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])


def _mails(kind: str | None = None) -> list:
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return [
        message_from_bytes(raw, policy=policy.default)
        for row in rows
        # None: a compact row whose person has cancelled since (delivery drops it)
        if (kind is None or row.kind == kind) and (raw := outbox_raw(row))
    ]


def _calendar_part(message):
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return parts[0] if parts else None


def _attachment(message) -> tuple[bytes, str]:
    part = _calendar_part(message)
    assert part is not None, f"no calendar in {message['Subject']}"
    content = part.get_content()  # text/* parts come back as str
    return content.encode() if isinstance(content, str) else content, part.get_param("method")


def _vevent(body: bytes, method: str | None):
    (vevent,) = read(body, method).walk("VEVENT")
    return vevent


def _move(event, hours=1):
    tz = event.chapter.timezone
    starts = to_local(event.starts_at + timedelta(hours=hours), tz)
    ends = to_local(event.ends_at + timedelta(hours=hours), tz)
    events.update_event(event, Schedule(starts.date(), starts.time(), ends.time()))
    db.session.commit()


def test_every_file_the_app_writes_passes_libical_icalendar_and_vobject(app, client):
    chapter = make_chapter(name="Письма «Берлин» — вечера, встречи; и т. д.")
    event = make_event(
        chapter=chapter,
        capacity=1,
        title="Открытки: днём рождения, \\ запятые, точки; «кавычки»",
        description="Строка 1\nСтрока 2, с запятой; и точкой с запятой",
    )
    seated, _ = make_rsvp(event, name='Аня, "Ш"')
    _, waiting_token = make_rsvp(event)  # waitlisted
    other = make_event(chapter=chapter, title="Отменённый вечер")
    events.cancel(other)
    db.session.commit()
    _move(event)  # "Changed" to both: the seated one with a file, the waiting one without
    gone, gone_token = make_rsvp(make_event(chapter=chapter))
    rsvps.cancel_rsvp(gone.id)  # "I can't come"
    db.session.commit()
    rsvps.cancel_rsvp(seated.id)  # the waiting person is promoted
    db.session.commit()
    assert queue_reminders(now=event.starts_at - timedelta(hours=36)) == 1  # to them
    db.session.commit()
    own_seat = client.get(f"/rsvp/{waiting_token}/event.ics").data
    events.cancel(event)
    db.session.commit()
    quiet = make_chapter()  # its only evening cancelled: the feed keeps it, as cancelled
    events.cancel(make_event(chapter=quiet))
    db.session.commit()

    files = {
        "evening download": (client.get(f"/events/{event.id}.ics").data, None),
        "chapter feed": (client.get(f"/c/{chapter.slug}/events.ics").data, None),
        "feed, all cancelled": (client.get(f"/c/{quiet.slug}/events.ics").data, None),
        "own file, seat": (own_seat, None),
        "own file, evening cancelled": (client.get(f"/rsvp/{waiting_token}/event.ics").data, None),
        "own file, cancelled": (client.get(f"/rsvp/{gone_token}/event.ics").data, None),
    }
    for n, message in enumerate(_mails()):
        if _calendar_part(message) is not None:
            body, method = _attachment(message)
            files[f"mail {n}: {message['Subject']}"] = (body, method)
    methods = sorted(method or "-" for _, method in files.values())
    assert methods.count("PUBLISH") >= 4  # signed up, changed, promoted, reminded
    assert methods.count("CANCEL") >= 3  # own cancellation twice, the evening's
    check_all(files)


def test_confirmed_attendee_gets_publish_with_their_own_uid(app):
    event = make_event()
    rsvp, _token = make_rsvp(event)
    (mail,) = _mails("rsvp_confirmed")
    body, method = _attachment(mail)
    assert method == "PUBLISH"
    vevent = _vevent(body, "PUBLISH")
    assert str(vevent["UID"]) == rsvp.calendar_uid != event.uid
    assert vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["ORGANIZER"]) == f"mailto:{event.chapter.contact_email}"
    assert vevent["ORGANIZER"].params["CN"] == event.chapter.name
    assert "ATTENDEE" not in vevent


def test_i_cant_come_sends_cancel_with_the_same_uid_and_a_higher_sequence(app, client):
    event = make_event()
    _rsvp, token = make_rsvp(event, email="kit@example.org", name="Kit")
    first = _vevent(_attachment(_mails("rsvp_confirmed")[0])[0], "PUBLISH")
    response = client.post(f"/rsvp/{token}/cancel")
    assert response.status_code == 302
    (mail,) = _mails("rsvp_cancelled")
    body, method = _attachment(mail)
    assert method == "CANCEL"
    cancel = _vevent(body, "CANCEL")
    assert cancel["UID"] == first["UID"]
    assert int(cancel["SEQUENCE"]) > int(first["SEQUENCE"])
    assert cancel["STATUS"] == "CANCELLED"
    assert str(cancel["ATTENDEE"]) == "mailto:kit@example.org"
    # The evening goes on for everyone else: its public entry is unchanged.
    public = _vevent(client.get(f"/events/{event.id}.ics").data, None)
    assert public["STATUS"] == "CONFIRMED" and int(public["SEQUENCE"]) == event.sequence
    # The own file now says cancelled too, and not older than the CANCEL.
    own_response = client.get(f"/rsvp/{token}/event.ics")
    assert own_response.headers["Cache-Control"] == "private, no-store"
    own = _vevent(own_response.data, None)
    assert own["UID"] == first["UID"] and own["STATUS"] == "CANCELLED"
    assert int(own["SEQUENCE"]) == int(cancel["SEQUENCE"])


def test_signing_up_again_after_cancelling_is_a_new_entry(app):
    event = make_event()
    rsvp, _ = make_rsvp(event, email="kit@example.org")
    rsvps.cancel_rsvp(rsvp.id)
    db.session.commit()
    again, _ = make_rsvp(event, email="kit@example.org")
    # A new UID: the earlier CANCEL's higher SEQUENCE cannot outrank the new seat.
    assert again.calendar_uid != rsvp.calendar_uid
    last = _vevent(_attachment(_mails("rsvp_confirmed")[-1])[0], "PUBLISH")
    assert str(last["UID"]) == again.calendar_uid


def test_waitlisted_people_get_no_calendar_entry_until_they_have_a_seat(app, client):
    event = make_event(capacity=1)
    seated, _ = make_rsvp(event)
    waiting, waiting_token = make_rsvp(event)
    assert waiting.status == RsvpStatus.WAITLISTED
    assert _calendar_part(_mails("rsvp_waitlisted")[0]) is None
    _move(event)
    changed = {m["To"]: m for m in _mails("event_changed")}
    assert _calendar_part(changed[waiting.email]) is None
    assert "attached calendar" not in changed[waiting.email].get_body(("plain",)).get_content()
    assert _attachment(changed[seated.email])[1] == "PUBLISH"
    response = client.get(f"/rsvp/{waiting_token}/event.ics")
    assert response.status_code == 409 and "no seat yet" in response.text
    assert "Add to calendar" not in client.get(f"/rsvp/{waiting_token}").text

    rsvps.cancel_rsvp(seated.id)
    db.session.commit()
    (promoted,) = _mails("rsvp_promoted")
    vevent = _vevent(_attachment(promoted)[0], "PUBLISH")
    assert str(vevent["UID"]) == waiting.calendar_uid and vevent["STATUS"] == "CONFIRMED"


def test_cancelled_evening_mails_cancel_to_seated_people_only(app):
    event = make_event(capacity=1)
    seated, _ = make_rsvp(event)
    waiting, _ = make_rsvp(event)
    sent = int(_vevent(_attachment(_mails("rsvp_confirmed")[0])[0], "PUBLISH")["SEQUENCE"])
    events.cancel(event)
    db.session.commit()
    mails = {m["To"]: m for m in _mails("event_cancelled")}
    body, method = _attachment(mails[seated.email])
    assert method == "CANCEL"
    vevent = _vevent(body, "CANCEL")
    assert str(vevent["UID"]) == seated.calendar_uid
    assert int(vevent["SEQUENCE"]) > sent and vevent["STATUS"] == "CANCELLED"
    assert _calendar_part(mails[waiting.email]) is None


def test_organizer_falls_back_to_the_sender_address_without_a_chapter_contact(app, client):
    chapter = make_chapter(contact_email="")
    event = make_event(chapter=chapter)
    vevent = _vevent(client.get(f"/events/{event.id}.ics").data, None)
    assert str(vevent["ORGANIZER"]) == "mailto:no-reply@letters.invalid"
    assert vevent["ORGANIZER"].params["CN"] == chapter.name


def test_uids_are_random_and_unique_per_evening(app):
    first, second = make_event(), make_event()
    assert first.uid != second.uid
    for uid in (first.uid, second.uid):
        assert str(uuid.UUID(uid)) == uid  # no host, no id: nothing to collide across sites
        assert "letter-evenings" not in uid


def test_feed_links_are_built_on_base_url_not_the_request_host(app, client):
    chapter = make_chapter(slug="berlin")
    make_event(chapter=chapter)
    page = client.get("/c/berlin/", headers={"Host": "evil.example"}).text
    assert "webcal://letters.test/c/berlin/events.ics" in page
    assert (
        "calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fletters.test%2Fc%2Fberlin" in page
    )
    assert (
        "outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Fletters.test%2Fc%2Fberlin" in page
    )
    assert 'readonly value="http://letters.test/c/berlin/events.ics"' in page
    assert "evil.example" not in page


def test_evening_page_offers_one_evening_and_the_chapter_feed(app, client):
    event = make_event()
    page = client.get(f"/events/{event.id}").text
    start = event.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert "action=TEMPLATE" in page and f"dates={start}%2F" in page
    assert "outlook.live.com/calendar/0/deeplink/compose?" in page and "rru=addevent" in page
    assert f"webcal://letters.test/c/{event.chapter.slug}/events.ics" in page
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert "<script>" not in page  # no inline script: the CSP would refuse it


@pytest.mark.parametrize("private", [True, False])
def test_one_evening_links_keep_a_private_address_out(app, client, private):
    from eventsite.events.models import AddressVisibility

    visibility = AddressVisibility.ATTENDEES if private else AddressVisibility.PUBLIC
    event = make_event(venue_address="Hinterhof 3", address_visibility=visibility)
    page = client.get(f"/events/{event.id}").text
    assert ("Hinterhof" in page) is not private
