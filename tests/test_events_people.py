"""Organizers act on one sign-up at a time: cancel, remove, add, promote, edit."""

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login


@pytest.fixture
def evening(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    event = make_event(chapter, capacity=2)
    return event


def _mails():
    rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
    return [(m.kind, m.rsvp_id) for m in rows]


def _clear_mail():
    db.session.query(OutboxMessage).delete()
    db.session.commit()


def _status(rsvp):
    rsvp_id = db.inspect(rsvp).identity[0]
    db.session.expire_all()
    row = db.session.get(Rsvp, rsvp_id)
    return row.status if row else None


def test_remove_a_trolls_sign_ups_and_the_waitlist_moves_up(evening, client):
    troll, _ = make_rsvp(evening, name="Troll", email="troll@example.org")
    make_rsvp(evening, name="Real", email="real@example.org")
    waiting, _ = make_rsvp(evening, name="Next", email="next@example.org")
    _clear_mail()
    page = client.post(
        f"/manage/events/{evening.id}/rsvps/{troll.id}/remove", follow_redirects=True
    ).text
    assert "Sign-up removed" in page and "1 person moved from the waitlist" in page
    assert _status(troll) is None  # nothing kept
    assert _status(waiting) == RsvpStatus.CONFIRMED
    assert _mails() == [("rsvp_promoted", waiting.id)]


def test_cancel_with_or_without_a_mail(evening, client):
    one, _ = make_rsvp(evening, email="one@example.org")
    two, _ = make_rsvp(evening, email="two@example.org")
    _clear_mail()
    client.post(f"/manage/events/{evening.id}/rsvps/{one.id}/cancel", data={"notify": "y"})
    client.post(f"/manage/events/{evening.id}/rsvps/{two.id}/cancel", data={})
    assert _status(one) == _status(two) == RsvpStatus.CANCELLED
    assert _mails() == [("rsvp_cancelled_by_organizer", one.id)]


def test_add_by_hand_is_confirmed_at_once_even_when_full(evening, client):
    make_rsvp(evening)
    make_rsvp(evening)
    _clear_mail()
    page = client.post(
        f"/manage/events/{evening.id}/rsvps/add",
        data={"name": " Olga  P. ", "email": "olga@example.org", "notify": "y"},
        follow_redirects=True,
    ).text
    assert "Added to the list with a confirmed seat." in page
    assert "over its 2 seats" in page
    added = db.session.scalar(db.select(Rsvp).where(Rsvp.name == "Olga P."))
    assert added.status == RsvpStatus.CONFIRMED and added.door_code
    assert _mails() == [("rsvp_confirmed", added.id)]
    client.post(f"/manage/events/{evening.id}/rsvps/add", data={"name": "No Mail"})
    assert db.session.scalar(db.select(Rsvp).where(Rsvp.name == "No Mail")).email is None
    assert len(_mails()) == 1
    refused = client.post(
        f"/manage/events/{evening.id}/rsvps/add", data={"name": "  "}, follow_redirects=True
    ).text
    assert "at least one letter" in refused


def test_promote_off_the_waitlist_over_capacity_warns(evening, client):
    make_rsvp(evening)
    make_rsvp(evening)
    waiting, _ = make_rsvp(evening, email="w@example.org")
    assert _status(waiting) == RsvpStatus.WAITLISTED
    _clear_mail()
    page = client.post(
        f"/manage/events/{evening.id}/rsvps/{waiting.id}/promote", follow_redirects=True
    ).text
    assert "Moved from the waitlist to a seat" in page
    assert "over its 2 seats" in page
    assert _status(waiting) == RsvpStatus.CONFIRMED
    assert _mails() == [("rsvp_promoted", waiting.id)]


def test_edit_a_name_and_flags(evening, client):
    person, _ = make_rsvp(evening, name="Anan", reads_russian=False)
    client.post(
        f"/manage/events/{evening.id}/rsvps/{person.id}/edit",
        data={f"p{person.id}-name": "Anna", f"p{person.id}-reads_russian": "y"},
    )
    db.session.expire_all()
    row = db.session.get(Rsvp, person.id)
    assert (row.name, row.reads_russian) == ("Anna", True)


def test_a_sign_up_of_another_evening_is_not_reachable(evening, client):
    other_evening = make_event(evening.chapter)
    stranger, _ = make_rsvp(other_evening)
    response = client.post(f"/manage/events/{evening.id}/rsvps/{stranger.id}/remove")
    assert response.status_code == 302
    assert _status(stranger) == RsvpStatus.CONFIRMED


def test_a_host_cannot_change_sign_ups(app, evening):
    person, _ = make_rsvp(evening)
    host = app.test_client()
    login(host, make_user(chapter=evening.chapter, role=Role.HOST).email)
    assert host.post(f"/manage/events/{evening.id}/rsvps/{person.id}/remove").status_code == 404
    assert "Change…" not in host.get(f"/manage/events/{evening.id}").text
    assert _status(person) == RsvpStatus.CONFIRMED
