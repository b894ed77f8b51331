"""Pages not covered elsewhere run a fixed number of SQL statements, however big the data."""

from datetime import date, timedelta

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.seating.models import TablePrisoner
from eventsite.tallies.models import LetterTally
from tests.builders import make_chapter, make_event, make_prisoner, make_user
from tests.helpers import login
from tests.queries import count_queries


def _statements(client, path):
    client.get(path)  # the first request loads the user's memberships like any other
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def _fill(chapter, event, n):
    """Add n prisoners (tagged, some chosen, some with tallies), n sign-ups and n evenings."""
    past = make_event(chapter=chapter, starts_at=utcnow() - timedelta(days=20))
    for i in range(n):
        prisoner = make_prisoner(
            commit=False,
            birth_date=date(1980, 1 + i % 12, 1 + i % 28),
            tags=["women"] if i % 2 else ["journalists", "women"],
            routes=["post"],
        )
        db.session.flush()
        db.session.add(LetterTally(event_id=past.id, prisoner_id=prisoner.id, letters=i % 3))
        if i % 4 == 0:
            db.session.add(TablePrisoner(event_id=event.id, prisoner_id=prisoner.id))
        k = event.rsvp_seq + i + 1
        db.session.add(
            Rsvp(
                event_id=event.id,
                name=f"Person {k}",
                email=f"p{k}@example.org",
                status=RsvpStatus.CONFIRMED,
                queue_seq=k,
                door_code=f"{k:06d}",
            )
        )
    event.rsvp_seq += n
    db.session.commit()
    for _ in range(n // 4 + 6):
        make_event(chapter=chapter)


@pytest.mark.app_config(EVENTS_PER_PAGE=5)
def test_night_suggestions_exports_and_feeds_are_constant(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    event = make_event(chapter=chapter, capacity=300)
    urls = [
        f"/events/{event.id}",
        f"/manage/events/{event.id}/checkin",
        f"/manage/events/{event.id}/prisoners",
        f"/manage/events/{event.id}/prisoners?theme=women",
        f"/manage/c/{chapter.slug}/events",
        f"/manage/c/{chapter.slug}/events?past=2&upcoming=2",
        f"/c/{chapter.slug}/events.ics",
        "/prisoners/export.csv",
        "/prisoners/export.csv?tag=journalists",
    ]
    _fill(chapter, event, 8)
    few = [_statements(client, url) for url in urls]
    _fill(chapter, event, 80)
    many = [_statements(client, url) for url in urls]
    assert few == many
