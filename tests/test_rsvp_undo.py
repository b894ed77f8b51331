""" "I can't come" can be undone for ten minutes: the seat is kept unless the waitlist needs it."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from eventsite.extensions import db
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp import queries, services, undo
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.signup import expire_holds
from tests.builders import make_event, make_rsvp

pytestmark = pytest.mark.dates


def _status(rsvp_id: int) -> RsvpStatus:
    db.session.expire_all()
    return db.session.get_one(Rsvp, rsvp_id).status


def _mails() -> list[tuple[str, int | None, MailStatus]]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
    return [(m.kind, m.rsvp_id, m.status) for m in rows]


def _clear_mail():
    db.session.query(OutboxMessage).delete()
    db.session.commit()


def _cancel_on_the_page(client, token):
    return client.post(f"/rsvp/{token}/cancel", follow_redirects=True).text


def test_nobody_waiting_the_seat_is_kept_and_undo_gives_it_back(app, client, frozen_now):
    event = make_event(capacity=1)
    anna, token = make_rsvp(event, email="anna@example.org")
    _clear_mail()
    page = _cancel_on_the_page(client, token)
    assert "Nobody was waiting, so your seat is kept for you until" in page
    assert "Undo: I can come after all" in page
    assert queries.held_seats(event.id, frozen_now) == 1
    assert "1 seat left" not in client.get(f"/events/{event.id}").text  # kept, not free

    newcomer, _ = make_rsvp(event, email="new@example.org")  # the kept seat is not theirs
    assert newcomer.status == RsvpStatus.WAITLISTED
    page = client.post(f"/rsvp/{token}/undo", follow_redirects=True).text
    assert "Undone: your seat is yours again." in page
    assert _status(anna.id) == RsvpStatus.CONFIRMED
    assert _status(newcomer.id) == RsvpStatus.WAITLISTED
    assert queries.held_seats(event.id, frozen_now) == 0
    # the cancellation mail waited for the undo window, and the undo took it back
    assert ("rsvp_cancelled", anna.id, MailStatus.PENDING) not in _mails()
    assert [kind for kind, rsvp_id, _s in _mails() if rsvp_id == anna.id] == []


def test_nobody_waiting_and_no_undo_the_seat_goes_on_after_ten_minutes(
    app, client, frozen_now, time_machine
):
    event = make_event(capacity=1)
    anna, token = make_rsvp(event, email="anna@example.org")
    _cancel_on_the_page(client, token)
    newcomer, _ = make_rsvp(event, email="new@example.org")
    _clear_mail()
    deliver_due()
    assert _mails() == []  # nothing due yet: the cancellation mail waits too

    time_machine.move_to(frozen_now + timedelta(minutes=9, seconds=59), tick=False)
    expire_holds()
    assert _status(newcomer.id) == RsvpStatus.WAITLISTED
    time_machine.move_to(frozen_now + timedelta(minutes=10), tick=False)
    expire_holds()
    assert _status(newcomer.id) == RsvpStatus.CONFIRMED
    # Told at once: without a broker the mail goes right after the commit.
    assert ("rsvp_promoted", newcomer.id, MailStatus.SENT) in _mails()

    page = client.post(f"/rsvp/{token}/undo", follow_redirects=True).text
    assert "The time to undo is over." in page
    assert _status(anna.id) == RsvpStatus.CANCELLED
    assert "Undo: I can come after all" not in client.get(f"/rsvp/{token}").text


def test_the_cancellation_mail_goes_once_the_undo_time_is_over(
    app, client, frozen_now, time_machine
):
    event = make_event(capacity=3)
    anna, token = make_rsvp(event, email="anna@example.org")
    _clear_mail()
    _cancel_on_the_page(client, token)
    deliver_due()
    assert _mails() == [("rsvp_cancelled", anna.id, MailStatus.PENDING)]
    time_machine.move_to(frozen_now + timedelta(minutes=10), tick=False)
    deliver_due()
    assert _mails() == [("rsvp_cancelled", anna.id, MailStatus.SENT)]


@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])
def test_someone_waiting_gets_the_seat_at_once_and_undo_means_the_queue(app, client, frozen_now):
    event = make_event(capacity=1)
    anna, token = make_rsvp(event, email="anna@example.org")
    first, _ = make_rsvp(event, email="first@example.org")
    second, _ = make_rsvp(event, email="second@example.org")
    _clear_mail()
    page = _cancel_on_the_page(client, token)
    assert "If your seat has gone to someone who was waiting" in page
    assert _status(first.id) == RsvpStatus.CONFIRMED
    assert queries.held_seats(event.id, frozen_now) == 0

    page = client.post(f"/rsvp/{token}/undo", follow_redirects=True).text
    assert "Undone: you are back on the waitlist, in your old place." in page
    assert "You are number 1 on the waitlist" in page  # ahead of who signed up after her
    assert _status(first.id) == RsvpStatus.CONFIRMED
    kinds = [(kind, rsvp_id) for kind, rsvp_id, _s in _mails()]
    assert ("rsvp_back_on_waitlist", anna.id) in kinds
    assert ("rsvp_cancelled", anna.id) not in kinds
    assert ("rsvp_promoted", first.id) in kinds
    waiting = [r.id for r in queries.rsvps_of(event.id) if r.status == RsvpStatus.WAITLISTED]
    assert waiting == [anna.id, second.id]
    raw = db.session.scalar(
        db.select(OutboxMessage.raw).where(OutboxMessage.kind == "rsvp_back_on_waitlist")
    )
    mail = message_from_bytes(raw, policy=policy.default)
    text = mail.get_body(("plain",)).get_content()
    assert "You are number 1 on the waitlist again" in text
    assert "Your door code" not in text
    [calendar] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    assert "STATUS:CANCELLED" in calendar.get_content()


def test_undo_after_signing_up_again_is_refused(app, client, frozen_now):
    event = make_event(capacity=5)
    anna, token = make_rsvp(event, email="anna@example.org")
    _cancel_on_the_page(client, token)
    make_rsvp(event, email="anna@example.org")
    page = client.post(f"/rsvp/{token}/undo", follow_redirects=True).text
    assert "already signed up again" in page
    assert _status(anna.id) == RsvpStatus.CANCELLED


def test_the_cancelled_page_has_no_door_code_and_no_calendar(app, client, frozen_now):
    event = make_event(capacity=5)
    anna, token = make_rsvp(event, email="anna@example.org")
    confirmed = client.get(f"/rsvp/{token}").text
    assert anna.door_code in confirmed and "Add to calendar" in confirmed
    cancel_page = client.get(f"/rsvp/{token}/cancel").text
    assert "You can undo it for 10 minutes." in cancel_page
    page = _cancel_on_the_page(client, token)
    assert anna.door_code not in page and "Add to calendar" not in page


def test_undo_is_a_post_with_the_private_link(app, client, frozen_now):
    event = make_event(capacity=1)
    anna, token = make_rsvp(event)
    undo.cancel_own(anna.id)
    db.session.commit()
    assert client.get(f"/rsvp/{token}/undo").status_code == 405
    assert client.post("/rsvp/not-a-real-token/undo").status_code == 404
    assert _status(anna.id) == RsvpStatus.CANCELLED


def test_removing_a_sign_up_whose_seat_is_kept_passes_the_seat_on(app, client, frozen_now):
    event = make_event(capacity=1)
    troll, token = make_rsvp(event, email="troll@example.org")
    _cancel_on_the_page(client, token)
    newcomer, _ = make_rsvp(event, email="new@example.org")
    services.remove(event.id, troll.id)
    db.session.commit()
    assert _status(newcomer.id) == RsvpStatus.CONFIRMED
