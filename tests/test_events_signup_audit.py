"""No-shows after the evening, every organizer change to a sign-up in the audit log, by number."""

from datetime import timedelta

import pytest

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth.models import Role
from eventsite.checkin import services as checkin
from eventsite.extensions import db, utcnow
from eventsite.reports import services as reports
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login

pytestmark = pytest.mark.dates


@pytest.fixture
def organizer(app, client):
    chapter = make_chapter()
    user = make_user(chapter=chapter, role=Role.ORGANIZER)
    login(client, user.email)
    user.home = chapter
    return user


def _started(chapter, **overrides):
    """An evening that began an hour ago and is still on."""
    starts = utcnow() - timedelta(hours=1)
    return make_event(chapter, starts_at=starts, ends_at=starts + timedelta(hours=3), **overrides)


def _early(event, **overrides):
    """Signed up a day before the evening."""
    return make_rsvp(event, now=event.starts_at - timedelta(days=1), **overrides)


def _row(rsvp_id: int) -> Rsvp | None:
    db.session.expire_all()
    return db.session.get(Rsvp, rsvp_id)


def _entries(chapter) -> list[AuditEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.chapter_id == chapter.id, AuditEntry.action != "attendees_viewed")
            .order_by(AuditEntry.id)
        )
    )


def test_no_show_only_once_the_evening_has_begun(organizer, client, frozen_now):
    chapter = organizer.home
    ahead = make_event(chapter)
    person, _ = make_rsvp(ahead)
    page = client.post(
        f"/manage/events/{ahead.id}/rsvps/{person.id}/no-show", follow_redirects=True
    ).text
    assert "No-shows can be marked once the evening has begun." in page
    assert _row(person.id).no_show_at is None
    assert _entries(chapter) == []


def test_no_show_is_undoable_and_counted_in_the_report(organizer, client, frozen_now):
    chapter = organizer.home
    event = _started(chapter, capacity=5)
    absent, _ = _early(event, name="Absent Alex")
    came, _ = _early(event, name="Came Carla")
    checkin.check_in(event, came.id)
    db.session.commit()

    page = client.post(
        f"/manage/events/{event.id}/rsvps/{absent.id}/no-show", follow_redirects=True
    ).text
    assert "Marked as a no-show" in page and "Undo no-show" in page
    assert _row(absent.id).no_show_at == frozen_now
    refused = client.post(
        f"/manage/events/{event.id}/rsvps/{came.id}/no-show", follow_redirects=True
    ).text
    assert "This person was checked in" in refused
    assert _row(came.id).no_show_at is None

    after = event.ends_at + timedelta(minutes=1)
    assert reports.attendance(event, now=after).marked_no_shows == 1
    report = client.get(f"/manage/events/{event.id}/report").text
    assert "1 marked as a no-show by the organizers" in report

    client.post(f"/manage/events/{event.id}/rsvps/{absent.id}/no-show/undo")
    assert _row(absent.id).no_show_at is None
    assert reports.attendance(event, now=after).marked_no_shows == 0
    actions = [e.action for e in _entries(chapter)]
    assert actions == [AuditAction.SIGNUP_NO_SHOW, AuditAction.SIGNUP_NO_SHOW_UNDONE]


def test_a_late_arrival_clears_the_no_show(organizer, client):
    event = _started(organizer.home)
    late, _ = _early(event)
    client.post(f"/manage/events/{event.id}/rsvps/{late.id}/no-show")
    checkin.check_in(event, late.id)
    db.session.commit()
    assert _row(late.id).no_show_at is None


def test_every_change_to_a_sign_up_is_logged_by_number_without_the_person(organizer, client):
    chapter = organizer.home
    event = _started(chapter, capacity=1)
    future = make_event(chapter, capacity=1, title="Next week")
    seated, _ = make_rsvp(future, name="Sasha Seated", email="sasha@example.org")
    waiting, _ = make_rsvp(future, name="Wanda Waiting", email="wanda@example.org")
    troll, _ = make_rsvp(future, name="Troll Trollsson", email="troll@example.org")
    absent, _ = _early(event, name="Absent Alex", email="alex@example.org")
    seated_id, waiting_id, troll_id, absent_id = seated.id, waiting.id, troll.id, absent.id
    base = f"/manage/events/{future.id}/rsvps"
    client.post(f"{base}/add", data={"name": "Hand Added", "email": "hand@example.org"})
    client.post(f"{base}/{seated.id}/edit", data={f"p{seated.id}-name": "Sasha S."})
    client.post(f"{base}/{waiting.id}/promote")
    client.post(f"{base}/{seated.id}/cancel", data={"notify": "y"})
    client.post(f"{base}/{troll.id}/remove")
    client.post(f"/manage/events/{event.id}/rsvps/{absent.id}/no-show")

    added = db.session.scalar(db.select(Rsvp).where(Rsvp.name == "Hand Added"))
    entries = _entries(chapter)
    assert [(e.action, e.actor_id) for e in entries] == [
        (AuditAction.SIGNUP_ADDED, organizer.id),
        (AuditAction.SIGNUP_EDITED, organizer.id),
        (AuditAction.SIGNUP_PROMOTED, organizer.id),
        (AuditAction.SIGNUP_CANCELLED, organizer.id),
        (AuditAction.SIGNUP_REMOVED, organizer.id),
        (AuditAction.SIGNUP_NO_SHOW, organizer.id),
    ]
    numbers = [added.id, seated_id, waiting_id, seated_id, troll_id, absent_id]
    for entry, number in zip(entries, numbers, strict=True):
        assert entry.subject.endswith(f"sign-up #{number}")
        for personal in ("Sasha", "Wanda", "Troll", "Alex", "Hand", "@example.org"):
            assert personal not in entry.subject
    log = client.get(f"/manage/c/{chapter.slug}/audit").text
    assert "removed a sign-up (spam or troll)" in log and "Troll" not in log


def _other_chapters_organizer(app):
    stranger = app.test_client()
    login(stranger, make_user(chapter=make_chapter(), role=Role.ORGANIZER).email)
    return stranger


ACTIONS = [
    ("cancel", {"notify": "y"}),
    ("remove", {}),
    ("promote", {}),
    ("no-show", {}),
    ("no-show/undo", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_another_chapters_organizer_changes_nothing(app, action, data):
    home = make_chapter()
    event = _started(home, capacity=1)
    seated, _ = _early(event)
    before = (_row(seated.id).status, _row(seated.id).no_show_at)
    stranger = _other_chapters_organizer(app)
    response = stranger.post(f"/manage/events/{event.id}/rsvps/{seated.id}/{action}", data=data)
    assert response.status_code == 404
    assert (_row(seated.id).status, _row(seated.id).no_show_at) == before
    assert _entries(home) == []


def test_another_chapters_organizer_cannot_add_or_edit(app):
    home = make_chapter()
    event = make_event(home)
    person, _ = make_rsvp(event, name="Kept")
    stranger = _other_chapters_organizer(app)
    assert (
        stranger.post(f"/manage/events/{event.id}/rsvps/add", data={"name": "Intruder"}).status_code
        == 404
    )
    edit = stranger.post(
        f"/manage/events/{event.id}/rsvps/{person.id}/edit", data={f"p{person.id}-name": "X"}
    )
    assert edit.status_code == 404
    assert _row(person.id).name == "Kept"
    assert db.session.scalar(db.select(Rsvp).where(Rsvp.name == "Intruder")) is None
    assert _entries(home) == []


def test_own_evening_with_another_evenings_sign_up_changes_nothing(organizer, client):
    chapter = organizer.home
    mine = _started(chapter)
    elsewhere = _started(make_chapter())
    theirs, _ = _early(elsewhere)
    client.post(f"/manage/events/{mine.id}/rsvps/{theirs.id}/no-show")
    client.post(f"/manage/events/{mine.id}/rsvps/{theirs.id}/cancel")
    row = _row(theirs.id)
    assert row.status == RsvpStatus.CONFIRMED and row.no_show_at is None
    assert _entries(chapter) == []
