"""Pages run a fixed number of SQL statements, however many rows they show."""

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login
from tests.queries import count_queries


def _add_rsvps(event, n):
    for i in range(n):
        db.session.add(
            Rsvp(
                event_id=event.id,
                name=f"P{i}",
                email=f"p{i}-{event.id}@example.org",
                status=RsvpStatus.CONFIRMED if i < event.capacity else RsvpStatus.WAITLISTED,
                queue_seq=i + 1,
            )
        )
    db.session.commit()


def _statements(client, path):
    client.get(path)  # warm caches (login user load etc. happen in both runs alike)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_public_lists_are_constant(app, client):
    few, many = make_chapter(), make_chapter()
    for _ in range(5):
        _add_rsvps(make_event(chapter=few, capacity=3), 4)
    small = (_statements(client, "/"), _statements(client, f"/c/{few.slug}/"))
    for _ in range(45):
        _add_rsvps(make_event(chapter=many, capacity=3), 4)
    big = (_statements(client, "/"), _statements(client, f"/c/{many.slug}/"))
    assert small == big
    assert big[0] <= 4


def test_organizer_rsvp_list_is_constant(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    small_event, big_event = (
        make_event(chapter=chapter, capacity=3),
        make_event(chapter=chapter, capacity=300),
    )
    _add_rsvps(small_event, 5)
    _add_rsvps(big_event, 500)
    small = _statements(client, f"/manage/events/{small_event.id}")
    big = _statements(client, f"/manage/events/{big_event.id}")
    assert small == big
    assert _statements(client, f"/manage/events/{big_event.id}/rsvps.csv") == _statements(
        client, f"/manage/events/{small_event.id}/rsvps.csv"
    )


def test_chapter_evening_list_is_constant(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    for _ in range(3):
        _add_rsvps(make_event(chapter=chapter), 2)
    small = _statements(client, f"/manage/c/{chapter.slug}/events")
    for _ in range(30):
        _add_rsvps(make_event(chapter=chapter), 2)
    assert _statements(client, f"/manage/c/{chapter.slug}/events") == small
