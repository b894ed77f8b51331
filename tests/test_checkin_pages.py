"""Check-in at the door: one tap, undo, door codes, walk-ins, counts."""

import re
import threading

import pytest

from eventsite.auth.models import Role
from eventsite.checkin import services
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from eventsite.rsvp.services import DOOR_ALPHABET
from eventsite.seating.models import EventTable
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login


@pytest.fixture
def host(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    return chapter


def test_door_codes_are_six_unambiguous_characters_unique_per_evening(app):
    event = make_event(capacity=200)
    codes = [make_rsvp(event)[0].door_code for _ in range(60)]
    assert len(set(codes)) == 60
    assert all(re.fullmatch(f"[{DOOR_ALPHABET}]{{6}}", code) for code in codes)
    assert not set("0O1IL5S2Z8B") & set("".join(codes))


def test_door_code_is_on_the_private_page(app, client):
    event = make_event()
    response = client.post(
        f"/events/{event.id}/rsvp", data={"name": "Ola", "email": "o@example.org"}
    )
    code = db.session.scalar(db.select(Rsvp.door_code))
    assert code in client.get(response.headers["Location"]).text


def test_check_in_and_undo(host, client):
    event = make_event(chapter=host)
    rsvp, _ = make_rsvp(event, name="Mila")
    client.post(f"/manage/events/{event.id}/checkin/{rsvp.id}")
    db.session.refresh(rsvp)
    assert rsvp.checked_in_at is not None
    page = client.get(f"/manage/events/{event.id}/checkin").text
    assert "Arrived — undo" in page
    client.post(f"/manage/events/{event.id}/checkin/{rsvp.id}/undo")
    db.session.refresh(rsvp)
    assert rsvp.checked_in_at is None


def test_two_hosts_tapping_at_once_leave_one_check_in(app):
    event = make_event()
    rsvp, _ = make_rsvp(event)
    first = services.check_in(event, rsvp.id)
    db.session.commit()
    at = db.session.get(Rsvp, rsvp.id).checked_in_at
    assert first is True
    assert services.check_in(event, rsvp.id) is False
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Rsvp, rsvp.id).checked_in_at == at


def test_simultaneous_taps_check_in_once(app):
    event = make_event()
    rsvp, _ = make_rsvp(event)
    start = threading.Barrier(8)
    results = []

    def tap():
        with app.app_context():
            start.wait()
            results.append(services.check_in(db.session.get(type(event), event.id), rsvp.id))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]


def test_filter_by_name_and_door_code(host, client):
    event = make_event(chapter=host)
    alena, _ = make_rsvp(event, name="Алёна Петрова")
    make_rsvp(event, name="Boris")
    page = client.get(f"/manage/events/{event.id}/checkin", query_string={"q": "алена"}).text
    assert "Алёна Петрова" in page and "Boris" not in page
    page = client.get(
        f"/manage/events/{event.id}/checkin", query_string={"q": alena.door_code.lower()}
    ).text
    assert "Алёна Петрова" in page and "Boris" not in page


def test_walk_in_is_checked_in_and_seated_beyond_capacity(host, client):
    event = make_event(chapter=host, capacity=1)
    make_rsvp(event)
    db.session.add_all(
        [EventTable(event=event, label="A", seats=1), EventTable(event=event, label="B", seats=2)]
    )
    db.session.commit()
    page = client.post(
        f"/manage/events/{event.id}/walk-in",
        data={"name": "Vera", "reads_russian": "y"},
        follow_redirects=True,
    ).text
    walk_in = db.session.scalar(db.select(Rsvp).where(Rsvp.is_walk_in.is_(True)))
    assert walk_in.checked_in_at is not None and walk_in.table_id is not None
    assert "Vera is checked in at table" in page
    assert "over capacity" in page
    counts = services.counts(event, services.people(event.id))
    assert (counts.expected, counts.arrived, counts.walk_ins, counts.over_capacity) == (1, 1, 1, 1)


def test_counts_on_the_page(host, client):
    event = make_event(chapter=host, capacity=5)
    a, _ = make_rsvp(event)
    make_rsvp(event)
    services.check_in(event, a.id)
    db.session.commit()
    page = client.get(f"/manage/events/{event.id}/checkin").text
    text = re.sub(r"\s+", " ", page)
    for fragment in [
        "<strong>2</strong> expected",
        "<strong>1</strong> arrived",
        "<strong>0</strong> walk-ins",
        "<strong>3</strong> seats left",
    ]:
        assert fragment in text


@pytest.mark.parametrize("path", ["/checkin", "/tallies"])
def test_other_chapters_night_pages_are_404(app, client, path):
    event = make_event()
    rsvp, _ = make_rsvp(event)
    login(client, make_user(chapter=make_chapter(), role=Role.ORGANIZER).email)
    assert client.get(f"/manage/events/{event.id}{path}").status_code == 404
    assert client.post(f"/manage/events/{event.id}/checkin/{rsvp.id}").status_code == 404
    assert client.post(f"/manage/events/{event.id}/walk-in", data={"name": "x"}).status_code == 404
    db.session.refresh(rsvp)
    assert rsvp.checked_in_at is None


def test_search_crosses_alphabets_and_filters_expected_and_arrived(host, client):
    event = make_event(chapter=host)
    make_rsvp(event, name="Boris Brown")
    vera, _ = make_rsvp(event, name="Вера Ёлкина")
    url = f"/manage/events/{event.id}/checkin"

    def names(query="", show=None):
        page = client.get(url, query_string={"q": query, **({"show": show} if show else {})})
        return re.findall(
            r"<strong>([^<]+)</strong>\s*(?:<span class=\"badge\">|<span class=\"muted\">)",
            page.text,
        )

    assert names("бор") == ["Boris Brown"]
    assert names("vera") == ["Вера Ёлкина"]
    assert names("elkina") == ["Вера Ёлкина"]
    client.post(f"{url}/{vera.id}")
    assert names(show="expected") == ["Boris Brown"]
    assert names(show="arrived") == ["Вера Ёлкина"]
    assert names() == ["Boris Brown", "Вера Ёлкина"]  # expected first
    page = client.get(url).text
    assert 'aria-label="Undo check-in' not in page
    assert '✓ Arrived — undo<span class="visually-hidden"> (Вера Ёлкина)</span>' in page
    assert page.index('id="walk-in"') < page.index('id="people"')  # walk-in on top
