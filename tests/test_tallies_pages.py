"""Letter tallies: typed in per prisoner, validated, locked once the batch is posted."""

from datetime import date, timedelta

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.tallies.models import LetterBatch, LetterTally
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login


@pytest.fixture
def evening(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    event = make_event(chapter=chapter)
    table = EventTable(event=event, label="1", seats=5)
    prisoners = [
        Prisoner(name_ru=f"Узник {i}", name_latin="", status=PrisonerStatus.ACTIVE)
        for i in range(3)
    ]
    db.session.add_all([table, *prisoners])
    db.session.flush()
    db.session.add_all(
        TablePrisoner(event_id=event.id, prisoner_id=p.id, table_id=table.id) for p in prisoners
    )
    db.session.commit()
    return event, prisoners


def _tally(prisoners, values):
    data = {}
    for p, (letters, postcards) in zip(prisoners, values, strict=True):
        data[f"letters-{p.id}"] = str(letters)
        data[f"postcards-{p.id}"] = str(postcards)
    return data


def test_typing_in_the_tally_sheet(evening, client):
    event, prisoners = evening
    page = client.get(f"/manage/events/{event.id}/tallies").text
    assert all(p.name_ru in page for p in prisoners)
    response = client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(3, 1), (0, 2), (0, 0)])
    )
    assert response.status_code == 302
    rows = {
        t.prisoner_id: (t.letters, t.postcards) for t in db.session.scalars(db.select(LetterTally))
    }
    assert rows == {prisoners[0].id: (3, 1), prisoners[1].id: (0, 2)}
    # correcting a number updates, it does not add
    client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(4, 1), (0, 2), (0, 0)])
    )
    assert db.session.scalar(db.select(db.func.sum(LetterTally.letters))) == 4


@pytest.mark.parametrize("bad", ["-1", "2.5", "abc", "1000", "１", "²", " 1 2"])
def test_bad_counts_save_nothing(evening, client, bad):
    event, prisoners = evening
    data = _tally(prisoners, [(1, 1), (1, 1), (1, 1)])
    data[f"postcards-{prisoners[2].id}"] = bad
    response = client.post(f"/manage/events/{event.id}/tallies", data=data)
    assert response.status_code == 422
    assert "Nothing was saved" in response.text
    assert db.session.scalar(db.select(LetterTally)) is None


def _started(event, days=1):
    event.starts_at -= timedelta(days=7 + days)
    event.ends_at -= timedelta(days=7 + days)
    db.session.commit()


@pytest.mark.dates
def test_posting_locks_the_tally(evening, client):
    event, prisoners = evening
    _started(event)
    client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(2, 0), (0, 0), (0, 0)])
    )
    client.post(
        f"/manage/events/{event.id}/posted",
        data={"posted_on": date.today().isoformat(), "method": "post"},
    )
    batch = db.session.scalar(db.select(LetterBatch))
    assert batch.method.value == "post"
    page = client.post(
        f"/manage/events/{event.id}/tallies",
        data=_tally(prisoners, [(9, 9), (9, 9), (9, 9)]),
        follow_redirects=True,
    ).text
    assert "locked" in page
    assert db.session.scalar(db.select(db.func.sum(LetterTally.letters))) == 2
    again = client.post(
        f"/manage/events/{event.id}/posted",
        data={"posted_on": date.today().isoformat(), "method": "electronic"},
        follow_redirects=True,
    ).text
    assert "already marked as posted" in again


@pytest.mark.dates
def test_posting_date_cannot_be_in_the_future(evening, client):
    event, _prisoners = evening
    client.post(
        f"/manage/events/{event.id}/posted", data={"posted_on": "2999-01-01", "method": "post"}
    )
    assert db.session.scalar(db.select(LetterBatch)) is None


def test_tallies_feed_the_fewest_letters_suggestion(evening):
    from eventsite.seating.services import recent_letters

    event, prisoners = evening
    db.session.add(
        LetterTally(event_id=event.id, prisoner_id=prisoners[0].id, letters=5, postcards=2)
    )
    db.session.commit()
    assert recent_letters([p.id for p in prisoners]) == {prisoners[0].id: 7}


def test_posting_waits_for_the_evening_to_start(evening, client):
    event, prisoners = evening
    client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(2, 0), (0, 0), (0, 0)])
    )
    page = client.get(f"/manage/events/{event.id}/tallies").text
    assert "once the evening has started" in page
    assert "Mark as posted" not in page
    response = client.post(
        f"/manage/events/{event.id}/posted",
        data={"posted_on": date.today().isoformat(), "method": "post"},
        follow_redirects=True,
    )
    assert "once the evening has started" in response.text
    assert db.session.scalar(db.select(LetterBatch)) is None


def test_an_empty_tally_cannot_be_posted(evening, client):
    event, prisoners = evening
    _started(event)
    client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(0, 0), (0, 0), (0, 0)])
    )
    assert "at least one count" in client.get(f"/manage/events/{event.id}/tallies").text
    client.post(
        f"/manage/events/{event.id}/posted",
        data={"posted_on": date.today().isoformat(), "method": "post"},
    )
    assert db.session.scalar(db.select(LetterBatch)) is None


def test_an_organizer_unlocks_a_posted_tally_a_host_cannot(evening, client, app):
    event, prisoners = evening
    _started(event)
    client.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(2, 0), (0, 0), (0, 0)])
    )
    client.post(
        f"/manage/events/{event.id}/posted",
        data={"posted_on": date.today().isoformat(), "method": "post"},
    )
    assert db.session.scalar(db.select(LetterBatch)) is not None
    page = client.get(f"/manage/events/{event.id}/tallies").text
    assert "Unlock" not in page  # the host sees no unlock button
    assert client.post(f"/manage/events/{event.id}/posted/unlock").status_code == 404
    organizer = app.test_client()
    login(organizer, make_user(chapter=event.chapter, role=Role.ORGANIZER).email)
    page = organizer.get(f"/manage/events/{event.id}/tallies").text
    assert "Unlock the tally" in page
    page = organizer.post(f"/manage/events/{event.id}/posted/unlock", follow_redirects=True).text
    assert "Unlocked" in page
    assert db.session.scalar(db.select(LetterBatch)) is None
    organizer.post(
        f"/manage/events/{event.id}/tallies", data=_tally(prisoners, [(5, 0), (0, 0), (0, 0)])
    )
    assert db.session.scalar(db.select(db.func.sum(LetterTally.letters))) == 5
