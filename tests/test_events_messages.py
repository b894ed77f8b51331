"""Organizers write to an evening's people: one mail each, in their language, a few a day."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth.models import Role
from eventsite.errors import DomainError
from eventsite.events.models import EventStatus
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp import messages
from eventsite.rsvp import services as rsvp_services
from eventsite.rsvp.models import OrganizerMessage
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login
from tests.smtp import SMTPServer

BODY = "Bring a pen, please.\r\nWe start on time.  \r\n"


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def evening(app, client):
    """Three seats: two with mail (one in Russian), one without; one waiting, one unconfirmed."""
    chapter = make_chapter(timezone="Europe/Berlin", contact_email="berlin@example.org")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    event = make_event(
        chapter, capacity=3, title="Cards night", venue_address="Hof 2\n10999 Berlin"
    )
    make_rsvp(event, name="Anna", email="anna@example.org")
    make_rsvp(event, name="Вера", email="vera@example.org", language="ru")
    rsvp_services.add_by_hand(event.id, name="No Mail", email=None, notify=False)
    make_rsvp(event, name="Waiting Wim", email="wim@example.org")
    make_rsvp(event, name="Unconfirmed Uma", email="uma@example.org", confirm_by_email=True)
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    return event


def _send(client, event, **data):
    form = {"subject": "Tomorrow", "body": BODY, "action": "send", **data}
    return client.post(f"/manage/events/{event.id}/message", data=form, follow_redirects=True)


def _plain(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_each_confirmed_person_gets_their_own_mail_in_their_language(evening, client, smtp):
    page = _send(client, evening)
    assert "Message sent to 2 people, each in a mail of their own." in page.text
    deliver_due()
    assert sorted(r for rcpts, _m in smtp.inbox.messages for r in rcpts) == [
        "anna@example.org",
        "vera@example.org",
    ]
    for rcpts, message in smtp.inbox.messages:
        assert len(rcpts) == 1 and message["To"] == rcpts[0]
        assert message["Cc"] is None and message["Bcc"] is None
        assert message["Reply-To"] == "berlin@example.org"
    [english] = smtp.inbox.to("anna@example.org")
    assert english["Subject"] == "Tomorrow · Cards night"
    text = _plain(english)
    assert "Hello Anna,\n" in text
    assert (
        "The organizers of this evening write:\n\nBring a pen, please.\nWe start on time.\n" in text
    )
    assert "Address:\n  Hof 2\n  10999 Berlin\n" in text  # the evening's details, lines kept
    assert "Your door code:" in text and "/rsvp/" in text  # their own page
    assert "Вера" not in text and "vera@" not in text
    [russian] = smtp.inbox.to("vera@example.org")
    assert "Организаторы вечера пишут:" in _plain(russian)
    assert "Bring a pen, please." in _plain(russian)  # the organizers' words as written
    assert "Anna" not in _plain(russian)


def test_the_waitlist_is_included_only_when_asked(evening, client, smtp):
    _send(client, evening, with_waitlist="y")
    deliver_due()
    [waiting] = smtp.inbox.to("wim@example.org")
    text = _plain(waiting)
    assert (
        "You are on the waitlist for this evening; this message went to the waitlist too." in text
    )
    assert "Your door code:" not in text
    assert smtp.inbox.to("uma@example.org") == []  # unconfirmed address: nobody vouched for it
    assert len(smtp.inbox.messages) == 3


def test_preview_shows_the_mail_and_sends_nothing(evening, client):
    page = client.post(
        f"/manage/events/{evening.id}/message",
        data={"subject": "Tomorrow", "body": "<b>Bring a pen</b>", "action": "preview"},
    )
    assert page.status_code == 200
    assert "&lt;b&gt;Bring a pen&lt;/b&gt;" in page.text and "<b>Bring" not in page.text
    assert "Tomorrow · Cards night" in page.text
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.dates
def test_three_messages_a_day_then_a_clear_refusal(evening, client, frozen_now, time_machine):
    for n in range(3):
        assert "Message sent to 2 people" in _send(client, evening, subject=f"No. {n}").text
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    refused = _send(client, evening, subject="One too many")
    assert refused.status_code == 422
    assert "3 messages have gone to this evening" in refused.text
    assert "in the last 24 hours, which is the most we send" in refused.text
    assert "The next one can go after" in refused.text
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0
    time_machine.move_to(frozen_now + timedelta(hours=24, minutes=1), tick=False)
    assert "Message sent to 2 people" in _send(client, evening, subject="Next day").text


def test_the_audit_log_records_the_message_without_recipients_or_text(evening, client):
    _send(client, evening)
    [entry] = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == AuditAction.MESSAGE_SENT)
    ).all()
    assert "Cards night" in entry.subject and "2" in entry.subject
    for secret in ("anna", "Anna", "vera", "Вера", "Bring a pen", "Tomorrow"):
        assert secret not in entry.subject


def test_empty_text_and_drafts_are_refused(app, evening, client):
    blank = _send(client, evening, body="   \r\n  ")
    assert blank.status_code == 422
    draft = make_event(evening.chapter, status=EventStatus.DRAFT)
    assert _send(client, draft).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize("who", ["host", "other_organizer"])
def test_only_the_chapters_organizers_can_write(app, evening, who):
    chapter = evening.chapter if who == "host" else make_chapter()
    role = Role.HOST if who == "host" else Role.ORGANIZER
    stranger = app.test_client()
    login(stranger, make_user(chapter=chapter, role=role).email)
    assert stranger.get(f"/manage/events/{evening.id}/message").status_code == 404
    assert _send(stranger, evening).status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])
def test_the_text_is_escaped_in_the_html_part(evening, client):
    _send(client, evening, body="<script>alert(1)</script> & tea")
    raw = db.session.scalars(db.select(OutboxMessage.raw)).first()
    html = message_from_bytes(raw, policy=policy.default).get_body(("html",)).get_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; tea" in html
    assert "<script>" not in html


def test_organizers_sending_at_once_cannot_pass_the_limit(app, evening):
    """The limit is counted under the evening's lock: eight at once, three go."""
    start = threading.Barrier(8)

    def send(n: int) -> str:
        with app.app_context():
            start.wait()
            try:
                messages.send(evening.id, None, subject=f"No. {n}", body="Hi", with_waitlist=False)
            except DomainError as error:
                db.session.rollback()
                return error.code
            db.session.commit()
            return "sent"

    with ThreadPoolExecutor(8) as pool:
        outcomes = sorted(pool.map(send, range(8)))
    assert outcomes == ["limit"] * 5 + ["sent"] * 3
    assert db.session.scalar(db.select(db.func.count()).select_from(OrganizerMessage)) == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 6
