"""The chapter's audit log: who looked at, exported, printed or deleted attendee data, and when."""

from datetime import timedelta

import time_machine

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.seating.models import EventTable
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login


def _log(chapter) -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.chapter_id == chapter.id).order_by(AuditEntry.id)
    ).all()


def test_views_exports_prints_and_purges_are_logged_without_attendee_data(app, runner):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER, name="Olga")
    host = make_user(chapter=chapter, role=Role.HOST, name="Hans")
    event = make_event(chapter=chapter, title="Cards night")
    table = EventTable(event=event, label="A", seats=4)
    db.session.add(table)
    db.session.commit()
    make_rsvp(event, name="Anya Attendee", email="anya.attendee@example.org", note="shy")
    organizers, hosts = app.test_client(), app.test_client()
    login(organizers, organizer.email)
    login(hosts, host.email)

    for _ in range(3):  # looked at again and again within the hour: one line
        hosts.get(f"/manage/events/{event.id}")
    hosts.get(f"/manage/events/{event.id}/checkin")
    organizers.get(f"/manage/events/{event.id}/tables")
    organizers.get(f"/manage/events/{event.id}/rsvps.csv")
    hosts.get(f"/events/{event.id}/print/signin.pdf")
    hosts.get(f"/events/{event.id}/print/tables/{table.id}/pack.pdf")
    hosts.get(f"/events/{event.id}/print/tally.pdf")  # prisoners only: not logged
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        hosts.get(f"/manage/events/{event.id}")

    lines = [(e.actor_id, e.action) for e in _log(chapter)]
    assert lines == [
        (host.id, AuditAction.ATTENDEES_VIEWED),
        (organizer.id, AuditAction.ATTENDEES_VIEWED),
        (organizer.id, AuditAction.ATTENDEES_EXPORTED),
        (host.id, AuditAction.NAMES_PRINTED),
        (host.id, AuditAction.NAMES_PRINTED),
        (host.id, AuditAction.ATTENDEES_VIEWED),
    ]
    assert "Cards night" in _log(chapter)[0].subject

    ended = utcnow() - timedelta(days=40)
    event.starts_at, event.ends_at = ended - timedelta(hours=3), ended
    db.session.commit()
    runner.invoke(args=["purge-attendees"])
    purge = _log(chapter)[-1]
    assert purge.action == AuditAction.ATTENDEES_PURGED and purge.actor_id is None

    page = organizers.get(f"/manage/c/{chapter.slug}/audit").text
    for words in ("viewed the attendee list", "exported the attendee list", "the system", "Hans"):
        assert words in page
    everything = " ".join(f"{e.subject} {e.action}" for e in _log(chapter))
    for secret in ("Anya", "anya.attendee@example.org", "shy"):
        assert secret not in everything
        assert secret not in page


def test_the_organizers_delete_now_is_logged_with_their_name(app, client):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    ended = utcnow() - timedelta(days=1)
    event = make_event(chapter=chapter, starts_at=ended - timedelta(hours=3), ends_at=ended)
    login(client, organizer.email)
    client.post(f"/manage/events/{event.id}/purge")
    (entry,) = [e for e in _log(chapter) if e.action == AuditAction.ATTENDEES_PURGED]
    assert entry.actor_id == organizer.id


def test_another_chapters_organizer_cannot_read_the_log(app, client):
    chapter, elsewhere = make_chapter(), make_chapter()
    login(client, make_user(chapter=elsewhere, role=Role.ORGANIZER).email)
    assert client.get(f"/manage/c/{chapter.slug}/audit").status_code == 404
