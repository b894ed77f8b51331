"""After the retention period no attendee's personal data is left anywhere."""

from datetime import timedelta

import pytest
from sqlalchemy import String, Text, inspect, select

from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.queries import find_by_token
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login

pytestmark = pytest.mark.dates


def _evening(days_ago: int, **kw):
    """An evening that ended `days_ago` days ago, with sign-ups made while it was open."""
    event = make_event(**kw)
    people = [
        make_rsvp(
            event,
            name=f"Person {event.id}-{i}",
            email=f"p{event.id}-{i}@example.org",
            note=f"note {event.id}-{i}",
            first_time=i == 0,
        )
        for i in range(3)
    ]
    people[0][0].checked_in_at = utcnow()
    ended = utcnow() - timedelta(days=days_ago)
    event.starts_at, event.ends_at = ended - timedelta(hours=3), ended
    db.session.commit()
    return event, people


def _all_text():
    """Every text value of every table, as one string."""
    chunks = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            for row in db.session.execute(select(*columns)):
                chunks.extend(str(v) for v in row if v is not None)
    raw = db.session.scalars(select(OutboxMessage.raw).where(OutboxMessage.raw.is_not(None)))
    chunks.extend(r.decode("utf-8", "replace") for r in raw)
    return "\n".join(chunks)


def test_purge_removes_personal_data_and_keeps_the_counts(app, runner):
    old, old_people = _evening(40)
    recent, _ = _evening(5)
    tokens = [token for _r, token in old_people]
    before = {
        r.id: (r.status, r.first_time, r.reads_russian, r.checked_in_at is not None)
        for r in db.session.scalars(select(Rsvp).where(Rsvp.event_id == old.id))
    }

    dry = runner.invoke(args=["purge-attendees", "--dry-run"])
    assert f"Would purge 3 sign-ups of #{old.id}" in dry.output
    assert f"#{recent.id}" not in dry.output
    assert f"p{old.id}-0@example.org" in _all_text()  # nothing changed

    result = runner.invoke(args=["purge-attendees"])
    assert f"Purged 3 sign-ups of #{old.id}" in result.output
    db.session.expire_all()
    text = _all_text()
    for i in range(3):
        assert f"p{old.id}-{i}@example.org" not in text
        assert f"Person {old.id}-{i}" not in text
        assert f"note {old.id}-{i}" not in text
        assert f"p{recent.id}-{i}@example.org" in text  # within retention: kept
    after = {
        r.id: (r.status, r.first_time, r.reads_russian, r.checked_in_at is not None)
        for r in db.session.scalars(select(Rsvp).where(Rsvp.event_id == old.id))
    }
    assert after == before
    assert all(find_by_token(token) is None for token in tokens)
    assert "0 evening(s)" in runner.invoke(args=["purge-attendees"]).output


def test_every_text_column_of_rsvp_is_either_purged_or_not_personal():
    """A new personal column must be added to the purge; this test names the rest."""
    from eventsite.rsvp.purge import PERSONAL

    text_columns = {c.name for c in inspect(Rsvp).columns if isinstance(c.type, String | Text)}
    # calendar_uid is random: it names the attendee's calendar entry, not the attendee.
    assert text_columns - set(PERSONAL) == {"status", "language", "calendar_uid"}


def test_organizer_purges_one_evening_by_hand_after_it_ends(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    ended, _ = _evening(1, chapter=chapter)
    upcoming = make_event(chapter=chapter)
    make_rsvp(upcoming, name="Still coming")
    client.post(f"/manage/events/{ended.id}/purge")
    client.post(f"/manage/events/{upcoming.id}/purge")
    names = db.session.scalars(select(Rsvp.name).where(Rsvp.name.is_not(None))).all()
    assert names == ["Still coming"]
    assert (
        db.session.scalar(
            select(db.func.count()).where(
                Rsvp.event_id == ended.id, Rsvp.status == RsvpStatus.CONFIRMED
            )
        )
        == 3
    )


def test_hosts_cannot_purge(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    ended, _ = _evening(1, chapter=chapter)
    assert client.post(f"/manage/events/{ended.id}/purge").status_code == 404
    assert db.session.scalar(select(db.func.count()).where(Rsvp.name.is_not(None))) == 3


def test_mail_purged_while_it_waits_is_skipped_not_sent(app):
    from eventsite.mail.outbox import deliver_due

    event = make_event()
    make_rsvp(event)
    row = db.session.scalar(select(OutboxMessage))
    # What a purge leaves of a message another worker had already picked up.
    row.raw, row.to_addr = None, None
    db.session.commit()
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
