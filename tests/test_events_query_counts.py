"""Pages run a fixed number of SQL statements, however many rows they show."""

import pytest
from sqlalchemy import func, select

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp, RsvpStatus, SignupRequest
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login
from tests.queries import count_queries


def _add_rsvps(event, n):
    event.rsvp_seq = n  # the evening's counter hands out queue places after these
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


def _sign_up(client, event, n):
    with count_queries() as statements:
        answer = client.post(
            f"/events/{event.id}/rsvp",
            data={"name": f"Writer {n}", "email": f"writer{n}@example.org"},
        )
        assert answer.status_code == 200
        answer.close()  # the embedded default processes the form after the response
    assert db.session.scalar(select(func.count()).select_from(SignupRequest)) == 0
    return statements


@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])
def test_a_sign_up_runs_a_fixed_few_statements(app, client):
    """The form's answer and its processing (seat, confirmation mail queued) stay a
    handful of statements however many people are signed up: they run on every sign-up."""
    small, big = make_event(capacity=10), make_event(capacity=1000)
    _add_rsvps(small, 3)
    _add_rsvps(big, 600)
    _sign_up(client, small, 0)  # warm caches
    _sign_up(client, big, 1)
    few, many = _sign_up(client, small, 2), _sign_up(client, big, 3)
    assert len(few) == len(many)
    writes = [s.split()[0] for s in many if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # The answer: the form (INSERT). The processing: claim it (DELETE), lock the evening
    # (UPDATE), the sign-up and its mail (INSERTs).
    assert writes == ["INSERT", "DELETE", "UPDATE", "INSERT", "INSERT"], writes
    assert len(many) <= 10, many
