"""Drafts stay private: never shown as cancelled, deleted instead, after a confirmation."""

import pytest

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth.models import Role
from eventsite.errors import DomainError
from eventsite.events import services
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from eventsite.seating.models import EventTable
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login


@pytest.fixture
def organizer(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    return chapter


def _public_paths(event):
    return [
        f"/events/{event.id}",
        f"/events/{event.id}.ics",
        f"/events/{event.id}/rsvp",
    ]


def test_publishing_records_the_first_time_only(app):
    event = make_event(status=EventStatus.DRAFT)
    assert event.first_published_at is None
    services.publish(event)
    first = event.first_published_at
    assert first is not None
    services.cancel(event)
    db.session.commit()
    assert event.first_published_at == first


def test_cancelling_a_never_published_draft_asks_then_deletes_it(app, client, organizer):
    draft = make_event(chapter=organizer, status=EventStatus.DRAFT, title="Secret plans")
    db.session.add(EventTable(event=draft, label="1", seats=4))
    db.session.commit()
    draft_id = draft.id
    response = client.post(f"/manage/events/{draft_id}/cancel")
    assert response.headers["Location"] == f"/manage/events/{draft_id}/delete"
    page = client.get(response.headers["Location"])
    assert "Delete this draft?" in page.text
    assert db.session.get(Event, draft_id) is not None  # the question changed nothing
    done = client.post(f"/manage/events/{draft_id}/delete")
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, draft_id) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(EventTable)) == 0
    entry = db.session.scalar(db.select(AuditEntry))
    assert entry.action == AuditAction.DRAFT_DELETED and "Secret plans" in entry.subject
    anonymous = app.test_client()
    paths = [f"/events/{draft_id}", f"/events/{draft_id}.ics", f"/events/{draft_id}/rsvp"]
    for path in [*paths, f"/c/{organizer.slug}/events.ics", "/"]:
        assert "Secret plans" not in anonymous.get(path).text


def test_a_cancelled_draft_never_shows_even_if_marked_cancelled(app, client):
    # Data from before first_published_at existed: cancelled, never seen by anyone.
    event = make_event(status=EventStatus.CANCELLED, first_published_at=None, title="Hidden")
    anonymous = app.test_client()
    for path in _public_paths(event):
        assert anonymous.get(path).status_code == 404
    feed = anonymous.get(f"/c/{event.chapter.slug}/events.ics").text
    assert "Hidden" not in feed


def test_published_evenings_cannot_be_deleted_only_cancelled(app, client, organizer):
    event = make_event(chapter=organizer, title="Public one")
    assert client.get(f"/manage/events/{event.id}/delete").status_code == 302
    assert client.post(f"/manage/events/{event.id}/delete").status_code == 302
    assert db.session.get(Event, event.id) is not None
    with pytest.raises(DomainError):
        services.delete_draft(event)
    db.session.rollback()
    client.post(f"/manage/events/{event.id}/cancel")
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.CANCELLED
    assert "This evening has been cancelled." in app.test_client().get(f"/events/{event.id}").text
    # The evening's own file says so; the feed drops it (or, its last, keeps it cancelled).
    assert "STATUS:CANCELLED" in app.test_client().get(f"/events/{event.id}.ics").text


def test_the_service_refuses_to_cancel_a_draft(app):
    draft = make_event(status=EventStatus.DRAFT)
    with pytest.raises(DomainError) as error:
        services.cancel(draft)
    db.session.rollback()
    assert error.value.code == "draft"


def test_other_chapters_cannot_delete_a_draft(app, client, organizer):
    elsewhere = make_event(status=EventStatus.DRAFT)
    assert client.get(f"/manage/events/{elsewhere.id}/delete").status_code == 404
    assert client.post(f"/manage/events/{elsewhere.id}/delete").status_code == 404
    assert db.session.get(Event, elsewhere.id) is not None
