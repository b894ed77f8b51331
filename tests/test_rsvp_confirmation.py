"""Sign-ups are confirmed by email; the answer never tells whether an email was on the list."""

import re
from datetime import timedelta

import pytest
import time_machine

from eventsite.checkin.services import add_walk_in
from eventsite.extensions import db, utcnow
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp import services, signup, tokens
from eventsite.rsvp.models import Rsvp, RsvpStatus, SignupRequest
from tests.builders import make_event, make_rsvp
from tests.helpers import FORM, confirm_path, latest_rsvp, outbox_raw, sign_up
from tests.queries import count_queries

CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')


def _statuses(event):
    db.session.expire_all()
    return {
        r.email: r.status
        for r in db.session.scalars(db.select(Rsvp).where(Rsvp.event_id == event.id))
    }


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_answer_is_the_same_bytes_and_work_for_every_kind_of_email(app):
    event = make_event(capacity=2)
    make_rsvp(event, email="known@example.org")
    make_rsvp(event, email="held@example.org", confirm_by_email=True)
    make_rsvp(event, email="waiting@example.org")
    make_rsvp(event, email="unsure@example.org", confirm_by_email=True)  # waitlist, unconfirmed
    gone, _ = make_rsvp(event, email="gone@example.org")
    services.cancel_rsvp(gone.id)
    db.session.commit()
    assert _statuses(event)["held@example.org"] == RsvpStatus.PENDING

    answers, statements = {}, {}
    for email in (
        "new@example.org",
        "known@example.org",
        "held@example.org",
        "waiting@example.org",
        "unsure@example.org",
        "gone@example.org",
    ):
        client = app.test_client()
        form = client.get(f"/events/{event.id}/rsvp").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        with count_queries() as queries:
            response = client.post(
                f"/events/{event.id}/rsvp",
                data={**FORM, "email": email, "csrf_token": token},
            )
        response.close()  # the work that differs happens now, after the answer went out
        answers[email] = (response.status_code, CSRF.sub(r"\1…\2", response.text))
        statements[email] = queries
    assert len(set(answers.values())) == 1, "the answers differ"
    status, body = answers["new@example.org"]
    assert status == 200
    assert "open the link in it to confirm your place" in body
    assert len({tuple(q) for q in statements.values()}) == 1, "the requests did different work"
    after = _statuses(event)
    assert after["new@example.org"] == RsvpStatus.WAITLISTED  # full: a waitlist place
    assert after["known@example.org"] == RsvpStatus.CONFIRMED
    assert db.session.scalar(db.select(db.func.count()).select_from(SignupRequest)) == 0


def test_a_new_sign_up_holds_a_seat_that_counts_and_is_shown_as_held(app, client):
    event = make_event(capacity=2)
    make_rsvp(event, email="a@example.org")
    sign_up(client, event, email="b@example.org")
    assert _statuses(event)["b@example.org"] == RsvpStatus.PENDING
    page = client.get(f"/events/{event.id}").text
    assert "Full" in page
    assert "1 seat is held for someone confirming their email" in page
    sign_up(client, event, email="c@example.org")
    assert _statuses(event)["c@example.org"] == RsvpStatus.WAITLISTED


def test_hold_lasts_rsvp_confirm_hours_and_never_past_the_start(app):
    now = utcnow()
    later = make_event(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2))
    soon = make_event(starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(hours=3))
    far, _ = make_rsvp(later, confirm_by_email=True, now=now)
    near, _ = make_rsvp(soon, confirm_by_email=True, now=now)
    assert far.hold_expires_at == now + timedelta(hours=2)
    assert near.hold_expires_at == soon.starts_at


@pytest.mark.app_config(RSVP_CONFIRM_HOURS=5)
def test_the_hold_length_is_configurable(app):
    now = utcnow()
    rsvp, _ = make_rsvp(make_event(), confirm_by_email=True, now=now)
    assert rsvp.hold_expires_at == now + timedelta(hours=5)


def test_lapsed_holds_pass_their_seats_down_the_waitlist_in_order(app):
    now = utcnow()
    event = make_event(capacity=2)
    make_rsvp(event, email="x@example.org", now=now)  # added by an organizer: confirmed
    make_rsvp(event, email="held@example.org", confirm_by_email=True, now=now)
    first, _ = make_rsvp(event, email="w1@example.org", now=now + timedelta(minutes=1))
    make_rsvp(event, email="w2@example.org", confirm_by_email=True, now=now + timedelta(minutes=2))
    make_rsvp(event, email="w3@example.org", now=now + timedelta(minutes=3))
    assert signup.expire_holds(now + timedelta(minutes=30)) == 0

    assert signup.expire_holds(now + timedelta(hours=2, minutes=5)) == 2
    statuses = _statuses(event)
    assert statuses["held@example.org"] == RsvpStatus.CANCELLED
    assert statuses["w1@example.org"] == RsvpStatus.CONFIRMED  # next in line, confirmed
    assert statuses["w2@example.org"] == RsvpStatus.CANCELLED  # lapsed while waiting
    assert statuses["w3@example.org"] == RsvpStatus.WAITLISTED
    promoted = db.session.scalars(
        db.select(OutboxMessage.kind).where(OutboxMessage.rsvp_id == first.id)
    ).all()
    assert "rsvp_promoted" in promoted


def test_an_unconfirmed_person_promoted_gets_a_hold_then_confirms(app, client):
    now = utcnow()
    event = make_event(capacity=1)
    seated, _ = make_rsvp(event, email="seated@example.org", now=now)
    unsure, _ = make_rsvp(event, email="unsure@example.org", confirm_by_email=True, now=now)
    assert unsure.status == RsvpStatus.WAITLISTED
    link = confirm_path(unsure)
    services.cancel_rsvp(seated.id)
    db.session.commit()
    assert _statuses(event)["unsure@example.org"] == RsvpStatus.PENDING
    response = client.post(link)
    assert response.status_code == 302
    assert _statuses(event)["unsure@example.org"] == RsvpStatus.CONFIRMED


def test_confirming_too_late_says_so_and_the_seat_has_gone_on(app, client):
    event = make_event(capacity=1)
    sign_up(client, event, email="slow@example.org")
    slow = latest_rsvp(event, "slow@example.org")
    make_rsvp(event, email="next@example.org")
    with time_machine.travel(utcnow() + timedelta(hours=3)):
        response = client.post(confirm_path(slow))
    assert response.status_code == 409
    assert "expired" in response.text
    statuses = _statuses(event)
    assert statuses["slow@example.org"] == RsvpStatus.CANCELLED
    assert statuses["next@example.org"] == RsvpStatus.CONFIRMED


def test_a_duplicate_gets_its_link_again_at_most_once_an_hour(app, client):
    event = make_event()
    sign_up(client, event, email="dup@example.org")
    sign_up(client, event, email="dup@example.org")  # unconfirmed: the first mail counts
    rsvp = latest_rsvp(event, "dup@example.org")
    kinds = lambda: db.session.scalars(  # noqa: E731
        db.select(OutboxMessage.kind)
        .where(OutboxMessage.rsvp_id == rsvp.id)
        .order_by(OutboxMessage.id)
    ).all()
    assert kinds() == ["rsvp_confirm"]
    client.post(confirm_path(rsvp))
    sign_up(client, event, email="dup@example.org")  # within the hour of the first mail
    assert kinds() == ["rsvp_confirm", "rsvp_confirmed"]
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        sign_up(client, event, email="dup@example.org")
        sign_up(client, event, email="DUP@example.org")
    assert kinds() == ["rsvp_confirm", "rsvp_confirmed", "rsvp_link"]
    assert len(_statuses(event)) == 1


def test_cancelled_email_can_sign_up_again(app, client):
    event = make_event()
    old, _ = make_rsvp(event, email="back@example.org")
    services.cancel_rsvp(old.id)
    db.session.commit()
    sign_up(client, event, email="back@example.org")
    assert latest_rsvp(event, "back@example.org").status == RsvpStatus.PENDING


def test_walk_ins_and_people_an_organizer_adds_skip_the_step(app):
    event = make_event()
    added, _ = make_rsvp(event)  # the service without confirm_by_email
    walk_in = add_walk_in(event, "Door Person", reads_russian=False)
    db.session.commit()
    assert added.status == walk_in.status == RsvpStatus.CONFIRMED
    assert added.hold_expires_at is None and walk_in.hold_expires_at is None


@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])  # the mail stays to be read
def test_an_unconfirmed_sign_up_has_no_private_page_and_mail_carries_no_private_data(app):
    event = make_event(capacity=5)
    rsvp, manage_token = make_rsvp(event, confirm_by_email=True)
    client = app.test_client()
    assert client.get(f"/rsvp/{manage_token}").status_code == 404
    raw = outbox_raw(
        db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.rsvp_id == rsvp.id))
    ).decode()
    assert manage_token not in raw
    assert rsvp.door_code not in raw
    assert tokens.confirm_token(rsvp) in raw.replace("=\r\n", "")
    assert "http://letters.test/rsvp/confirm/" in raw.replace("=\r\n", "")


def test_the_confirmation_link_needs_the_exact_token(app, client):
    event = make_event()
    make_rsvp(event, confirm_by_email=True)
    for token in ("x", "A" * 43, "A" * 500):
        assert client.get(f"/rsvp/confirm/{token}").status_code == 404
        assert client.post(f"/rsvp/confirm/{token}").status_code == 404


def test_organizer_sees_held_seats_and_unconfirmed_waitlist_places(app, client):
    from eventsite.auth.models import Role
    from tests.builders import make_user
    from tests.helpers import login

    event = make_event(capacity=1)
    make_rsvp(event, name="Hanna Held", confirm_by_email=True)
    make_rsvp(event, name="Wanda Wait", confirm_by_email=True)
    login(client, make_user(chapter=event.chapter, role=Role.HOST).email)
    page = client.get(f"/manage/events/{event.id}").text
    assert "Held, email not confirmed yet (1)" in page
    assert "Hanna Held" in page
    assert "email not confirmed" in page.split("Waitlist, in order")[1]


def test_a_request_left_behind_is_processed_later_and_only_once(app):
    event = make_event()
    recorded = signup.request_signup(event.id, name="Late", email="late@example.org").id
    db.session.commit()
    assert signup.process_signup_requests() == 1
    signup.process_signup_request(recorded)  # a second worker: nothing happens
    assert list(_statuses(event).values()) == [RsvpStatus.PENDING]
    assert db.session.scalar(db.select(db.func.count()).select_from(SignupRequest)) == 0


def test_the_command_line_expires_holds_and_send_mail_does_too(app, runner):
    event = make_event(capacity=1)
    _held, _ = make_rsvp(event, email="held@example.org", confirm_by_email=True)
    make_rsvp(event, email="next@example.org")
    with time_machine.travel(utcnow() + timedelta(hours=3)):
        result = runner.invoke(args=["expire-holds"])
    assert "processed 0 waiting sign-ups; 1 unconfirmed holds expired" in result.output
    statuses = _statuses(event)
    assert statuses["held@example.org"] == RsvpStatus.CANCELLED
    assert statuses["next@example.org"] == RsvpStatus.CONFIRMED
    # A sign-up left unprocessed is processed by send-mail; its waitlist place lapses too.
    signup.request_signup(event.id, name="Left", email="left@example.org")
    db.session.commit()
    assert "sent" in runner.invoke(args=["send-mail"]).output
    assert _statuses(event)["left@example.org"] == RsvpStatus.WAITLISTED
    with time_machine.travel(utcnow() + timedelta(hours=6)):
        assert "sent" in runner.invoke(args=["send-mail"]).output
    assert _statuses(event)["left@example.org"] == RsvpStatus.CANCELLED


def test_a_duplicate_the_unique_index_stops_still_gets_its_link(app, monkeypatch):
    """The lock makes the check before the INSERT enough; should it ever miss, the
    database's unique index refuses the second sign-up, and the request is processed
    again from the start: one sign-up, the link mailed again, nothing left waiting."""
    event = make_event()
    first, _token = make_rsvp(event, email="twice@example.org", confirm_by_email=True)
    checks = []
    real_check = services.find_live_rsvp

    def misses_once(event_id, email):
        checks.append(email)
        return None if len(checks) == 1 else real_check(event_id, email)

    # The one stand-in: the interleaving the lock prevents cannot be produced for real.
    monkeypatch.setattr(services, "find_live_rsvp", misses_once)
    with time_machine.travel(utcnow() + timedelta(minutes=61)):  # past the first mail's hour
        recorded = signup.request_signup(event.id, name="Twice", email="twice@example.org").id
        db.session.commit()
        signup.process_signup_request(recorded)

    assert len(checks) == 2
    assert _statuses(event) == {"twice@example.org": RsvpStatus.PENDING}
    assert db.session.scalar(db.select(db.func.count()).select_from(SignupRequest)) == 0
    kinds = db.session.scalars(
        db.select(OutboxMessage.kind).where(OutboxMessage.rsvp_id == first.id)
    ).all()
    assert kinds == ["rsvp_confirm", "rsvp_confirm"]  # its confirmation link, again
