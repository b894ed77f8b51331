"""Email through a real SMTP server: what arrives, and nothing lost or sent twice."""

import re
from datetime import timedelta

import icalendar
import pytest

from eventsite.events import services as events
from eventsite.events.services import Schedule
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.reminders import queue_reminders
from tests.builders import make_event, make_rsvp
from tests.smtp import SMTPServer


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3)
    server.start()
    yield server
    server.stop()


def _parts(message):
    return {part.get_content_type(): part for part in message.walk()}


def _body(message, kind="text/plain"):
    return _parts(message)[kind].get_content()


def test_sign_up_mails_a_link_to_confirm_and_then_the_private_link(app, client, smtp):
    event = make_event(title="Open letters", capacity=3)
    response = client.post(
        f"/events/{event.id}/rsvp", data={"name": "Kit", "email": "kit@example.org"}
    )
    response.close()  # as a WSGI server does once the response is sent: mail goes out then
    (ask,) = smtp.inbox.to("kit@example.org")
    assert ask["Subject"] == "Confirm your place: Open letters"
    text = _body(ask)
    assert "Kit" not in text  # a name nobody vouched for is not echoed to the address
    assert "/rsvp/confirm/" in text and "door code" not in text
    assert "text/calendar" not in _parts(ask)
    confirm_path = re.search(r"http://letters\.test(/rsvp/confirm/\S+)", text).group(1)
    confirmed = client.post(confirm_path)
    confirmed.close()
    manage_path = confirmed.headers["Location"]
    message = smtp.inbox.to("kit@example.org")[-1]
    assert message["Subject"] == "You are signed up: Open letters"
    parts = _parts(message)
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    assert f"http://letters.test{manage_path}" in _body(message)
    assert f"http://letters.test{manage_path}" in _body(message, "text/html")
    calendar = icalendar.Calendar.from_ical(parts["text/calendar"].get_content())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Open letters"
    # the link in the email opens the attendee's page
    assert client.get(manage_path).status_code == 200
    row = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert row.status == MailStatus.SENT
    assert row.raw is None and row.to_addr is None  # nothing personal kept after delivery


def test_waitlist_position_then_promotion_email(app, client, smtp):
    event = make_event(capacity=1, title="Small")
    first, _ = make_rsvp(event, email="first@example.org")
    make_rsvp(event, email="second@example.org")
    deliver_due()
    (waiting,) = smtp.inbox.to("second@example.org")
    assert "number 1 on the waitlist" in _body(waiting)
    from eventsite.rsvp.services import cancel_rsvp

    cancel_rsvp(first.id)
    db.session.commit()
    deliver_due()
    promoted = smtp.inbox.to("second@example.org")[-1]
    assert promoted["Subject"] == "A seat is free for you: Small"
    assert "text/calendar" in _parts(promoted)


def test_messages_carry_no_other_attendees_data(app, client, smtp):
    event = make_event(capacity=1)
    make_rsvp(event, name="Alice Secret", email="alice@example.org")
    make_rsvp(event, name="Bob Private", email="bob@example.org")
    events.cancel(event)
    db.session.commit()
    deliver_due()
    for rcpts, message in smtp.inbox.messages:
        text = message.as_string()
        other = "bob" if "alice@example.org" in rcpts else "alice"
        assert other not in text.lower(), (rcpts, message["Subject"])
    cancelled = [m for _r, m in smtp.inbox.messages if m["Subject"].startswith("Cancelled")]
    assert len(cancelled) == 2
    cal = icalendar.Calendar.from_ical(_parts(cancelled[0])["text/calendar"].get_content())
    assert cal.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


@pytest.mark.dates
def test_changed_time_tells_everyone_once(app, smtp):
    event = make_event()
    make_rsvp(event, email="a@example.org")
    starts = to_local(event.starts_at, event.chapter.timezone) + timedelta(hours=1)
    ends = to_local(event.ends_at, event.chapter.timezone) + timedelta(hours=1)
    events.update_event(event, Schedule(starts.date(), starts.time(), ends.time()))
    db.session.commit()
    # a change of the description only is not worth an email
    events.update_event(
        event, Schedule(starts.date(), starts.time(), ends.time()), description="New text"
    )
    db.session.commit()
    deliver_due()
    subjects = [m["Subject"] for m in smtp.inbox.to("a@example.org")]
    assert subjects.count(f"Changed: {event.title}") == 1


@pytest.mark.dates
def test_smtp_down_delays_mail_but_loses_none_and_sends_once(app, client, smtp):
    smtp.stop()
    event = make_event()
    client.post(
        f"/events/{event.id}/rsvp", data={"name": "Dee", "email": "dee@example.org"}
    ).close()
    row = db.session.scalar(db.select(OutboxMessage))
    db.session.refresh(row)
    assert row.status == MailStatus.PENDING
    assert row.attempts == 1 and "Error" in row.last_error
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # not due yet: backoff

    smtp.start()
    later = utcnow() + timedelta(minutes=5)
    assert deliver_due(now=later)["sent"] == 1
    assert deliver_due(now=later + timedelta(hours=1))["sent"] == 0
    assert len(smtp.inbox.to("dee@example.org")) == 1


def test_send_mail_command_delivers_the_backlog(app, runner, smtp):
    app.config["TASKS_EMBEDDED_SKIP"] = ["mail.deliver"]
    event = make_event()
    make_rsvp(event, email="cli@example.org")
    assert smtp.inbox.messages == []
    result = runner.invoke(args=["send-mail"])
    assert "sent 1" in result.output
    assert len(smtp.inbox.to("cli@example.org")) == 1


@pytest.mark.dates
def test_one_reminder_24_to_48_hours_ahead_and_its_cancel_link(app, client, smtp, runner):
    soon = (utcnow() + timedelta(hours=30)).replace(microsecond=0)
    event = make_event(starts_at=soon, ends_at=soon + timedelta(hours=2), capacity=1)
    later = utcnow() + timedelta(days=5)
    make_event(starts_at=later, ends_at=later + timedelta(hours=2))  # too far: no reminder
    rsvp, _ = make_rsvp(event, email="remind@example.org", name="Rem")
    waiting, _ = make_rsvp(event, email="wait@example.org")
    deliver_due()
    smtp.inbox.messages.clear()

    assert "queued 1 reminders" in runner.invoke(args=["send-reminders"]).output
    assert "queued 0 reminders" in runner.invoke(args=["send-reminders"]).output
    (reminder,) = smtp.inbox.to("remind@example.org")
    assert reminder["Subject"] == f"See you soon: {event.title}"
    assert smtp.inbox.to("wait@example.org") == []  # the waitlist gets no reminder

    link = next(
        line for line in _body(reminder).splitlines() if line.strip().endswith("/cancel")
    ).strip()
    path = link.replace("http://letters.test", "")
    page = client.get(path)
    assert "Yes, cancel my place" in page.text
    db.session.refresh(rsvp)
    assert rsvp.status == RsvpStatus.CONFIRMED  # opening the link changes nothing
    client.post(path)
    db.session.refresh(rsvp)
    db.session.refresh(waiting)
    assert (rsvp.status, waiting.status) == (RsvpStatus.CANCELLED, RsvpStatus.CONFIRMED)


@pytest.mark.dates
def test_reminder_queue_is_idempotent_even_when_runs_overlap(app):
    soon = utcnow() + timedelta(hours=40)
    event = make_event(starts_at=soon, ends_at=soon + timedelta(hours=2))
    for _ in range(3):
        make_rsvp(event)
    assert queue_reminders() == 3
    assert queue_reminders() == 0
    kinds = db.session.scalars(db.select(OutboxMessage.kind)).all()
    assert kinds.count("reminder") == 3


def test_without_smtp_messages_are_written_to_the_instance_outbox(app, client, caplog):
    import logging
    from pathlib import Path

    caplog.set_level(logging.INFO, logger="eventsite.mail.transport")
    event = make_event()
    client.post(
        f"/events/{event.id}/rsvp", data={"name": "Eve", "email": "eve@example.org"}
    ).close()
    files = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert b"eve@example.org" in files[0].read_bytes()
    assert str(files[0]) in caplog.text


def test_invitation_is_emailed_to_the_invitee(app, client, smtp):
    from eventsite.auth.models import Role
    from tests.builders import make_chapter, make_user
    from tests.helpers import login

    chapter = make_chapter(name="Riga letters")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    client.post(
        f"/manage/c/{chapter.slug}/invite", data={"email": "new@example.org", "role": "host"}
    ).close()
    (message,) = smtp.inbox.to("new@example.org")
    assert "Riga letters" in message["Subject"]
    assert "http://letters.test/invite/" in _body(message)


def test_purged_rsvps_get_no_mail(app):
    event = make_event()
    rsvp, _ = make_rsvp(event)
    db.session.execute(db.delete(OutboxMessage))
    rsvp.email = rsvp.token_salt = None
    db.session.commit()
    from eventsite.rsvp import mails

    mails.reminder(db.session.get(Rsvp, rsvp.id))
    assert db.session.scalar(db.select(OutboxMessage)) is None
