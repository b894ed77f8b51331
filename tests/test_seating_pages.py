"""Tables pages: create, auto-assign, move by hand, remove; across chapters; query counts."""

import re
from datetime import date

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.rsvp.models import Rsvp
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login
from tests.queries import count_queries


def _prisoner(name="Иванов Иван Иванович", status=PrisonerStatus.ACTIVE, birth=date(1985, 5, 5)):
    prisoner = Prisoner(
        name_ru=name,
        name_latin="",
        status=status,
        birth_date=birth,
        postal_code="601446",
        region="Владимирская обл.",
        facility="ФКУ ИК-2",
    )
    db.session.add(prisoner)
    db.session.commit()
    return prisoner


@pytest.fixture
def host(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    return chapter


def _tables(event):
    return db.session.scalars(
        db.select(EventTable).where(EventTable.event_id == event.id).order_by(EventTable.id)
    ).all()


def test_create_tables_in_one_go_and_rename(host, client):
    event = make_event(chapter=host)
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": "6", "seats": "5"})
    tables = _tables(event)
    assert [(t.label, t.seats) for t in tables] == [(str(n), 5) for n in range(1, 7)]
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": "2", "seats": "4"})
    assert [t.label for t in _tables(event)][-2:] == ["7", "8"]
    first = tables[0]
    client.post(
        f"/manage/events/{event.id}/tables/{first.id}/edit",
        data={f"t{first.id}-label": "Window", f"t{first.id}-seats": "8"},
    )
    db.session.refresh(first)
    assert (first.label, first.seats) == ("Window", 8)
    clash = client.post(
        f"/manage/events/{event.id}/tables/{first.id}/edit",
        data={f"t{first.id}-label": "2", f"t{first.id}-seats": "8"},
        follow_redirects=True,
    )
    assert "already called" in clash.text


def test_auto_assign_then_move_two_people_by_hand(host, client):
    event = make_event(chapter=host, capacity=30)
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": "3", "seats": "4"})
    prisoners = [_prisoner(f"Заключённый {i}") for i in range(6)]
    for p in prisoners:
        client.post(f"/manage/events/{event.id}/prisoners/{p.id}/choose")
    people = [make_rsvp(event, reads_russian=i < 2)[0] for i in range(9)]
    page = client.post(
        f"/manage/events/{event.id}/tables/auto", data={}, follow_redirects=True
    ).text
    assert "Tables filled." in page
    # 2 readers for 3 tables: the page explains why one table has none.
    assert "readers: 2" in page
    rows = db.session.scalars(db.select(TablePrisoner)).all()
    counts = sorted(sum(1 for r in rows if r.table_id == t.id) for t in _tables(event))
    assert counts == [2, 2, 2]
    assert all(r.table_id for r in db.session.scalars(db.select(Rsvp)))

    tables = _tables(event)
    for person in people[:2]:
        client.post(
            f"/manage/events/{event.id}/people/{person.id}/move",
            data={"table": str(tables[2].id), "over_seats": "y"},
        )
    client.post(f"/manage/events/{event.id}/tables/auto", data={})
    for person in people[:2]:
        db.session.refresh(person)
        assert (person.table_id, person.table_manual) == (tables[2].id, True)
    view = client.get(f"/manage/events/{event.id}/tables/{tables[2].id}").text
    assert people[0].name in view and people[1].name in view


def test_moving_to_another_evenings_table_is_refused(host, client):
    event, other = make_event(chapter=host), make_event(chapter=host)
    client.post(f"/manage/events/{other.id}/tables/add", data={"count": "1", "seats": "4"})
    foreign = _tables(other)[0]
    person, _ = make_rsvp(event)
    client.post(
        f"/manage/events/{event.id}/people/{person.id}/move", data={"table": str(foreign.id)}
    )
    db.session.refresh(person)
    assert person.table_id is None


def test_only_empty_tables_can_be_removed(host, client):
    event = make_event(chapter=host)
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": "2", "seats": "4"})
    busy, empty = _tables(event)
    person, _ = make_rsvp(event)
    client.post(f"/manage/events/{event.id}/people/{person.id}/move", data={"table": str(busy.id)})
    page = client.post(
        f"/manage/events/{event.id}/tables/{busy.id}/remove", follow_redirects=True
    ).text
    assert "first" in page
    client.post(f"/manage/events/{event.id}/tables/{empty.id}/remove")
    assert [t.id for t in _tables(event)] == [busy.id]


def test_inactive_prisoners_cannot_be_chosen(host, client):
    event = make_event(chapter=host)
    released = _prisoner(status=PrisonerStatus.RELEASED)
    page = client.post(
        f"/manage/events/{event.id}/prisoners/{released.id}/choose", follow_redirects=True
    ).text
    assert "active" in page
    assert db.session.scalar(db.select(TablePrisoner)) is None


def test_an_unconfirmed_address_is_not_suggested_nor_chosen_and_the_tables_page_warns(host, client):
    event = make_event(chapter=host)
    kept = _prisoner("Годный Адрес")
    doubtful = _prisoner("Вернувшееся Письмо")
    client.post(f"/manage/events/{event.id}/prisoners/{kept.id}/choose")
    doubtful.address_unconfirmed_on, doubtful.address_unconfirmed_reason = (
        date(2026, 1, 1),
        "returned",
    )
    db.session.commit()
    page = client.get(f"/manage/events/{event.id}/prisoners").text
    assert "Вернувшееся Письмо" not in page
    refused = client.post(
        f"/manage/events/{event.id}/prisoners/{doubtful.id}/choose", follow_redirects=True
    ).text
    assert "check it first" in refused
    assert "Before you print" not in client.get(f"/manage/events/{event.id}/tables").text
    # Chosen first, then a letter comes back: the tables page warns before printing.
    kept.address_unconfirmed_on, kept.address_unconfirmed_reason = date(2026, 1, 1), "returned"
    db.session.commit()
    tables = client.get(f"/manage/events/{event.id}/tables").text
    assert "Before you print: out-of-date addresses" in tables and "Годный Адрес" in tables


def test_suggestions_show_reasons(host, client):
    event = make_event(chapter=host)
    _prisoner("Сидорова Анна", birth=date(1990, 1, 1))
    page = client.get(f"/manage/events/{event.id}/prisoners").text
    assert "Сидорова Анна" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/manage/events/{id}/tables"),
        ("post", "/manage/events/{id}/tables/add"),
        ("post", "/manage/events/{id}/tables/auto"),
        ("get", "/manage/events/{id}/prisoners"),
        ("post", "/manage/events/{id}/prisoners/{pid}/choose"),
        ("post", "/manage/events/{id}/prisoners/{pid}/remove"),
        ("post", "/manage/events/{id}/prisoners/{pid}/move"),
        ("post", "/manage/events/{id}/people/{rid}/move"),
        ("get", "/manage/events/{id}/tables/{tid}"),
        ("post", "/manage/events/{id}/tables/{tid}/edit"),
        ("post", "/manage/events/{id}/tables/{tid}/remove"),
    ],
)
def test_another_chapters_tables_are_404(app, client, method, path):
    theirs = make_chapter()
    event = make_event(chapter=theirs)
    table = EventTable(event=event, label="1", seats=4)
    db.session.add(table)
    db.session.commit()
    prisoner = _prisoner()
    rsvp, _ = make_rsvp(event)
    login(client, make_user(chapter=make_chapter(), role=Role.ORGANIZER).email)
    url = path.format(id=event.id, pid=prisoner.id, rid=rsvp.id, tid=table.id)
    response = getattr(client, method)(
        url, data={"count": "3", "seats": "3", "table": str(table.id)}
    )
    assert response.status_code == 404
    assert len(_tables(event)) == 1
    assert db.session.scalar(db.select(TablePrisoner)) is None


def test_tables_page_query_count_is_constant(host, client):
    event = make_event(chapter=host, capacity=200)

    def fill(n_tables, n_people, n_prisoners):
        client.post(
            f"/manage/events/{event.id}/tables/add", data={"count": str(n_tables), "seats": "10"}
        )
        for i in range(n_prisoners):
            p = _prisoner(f"Узник {n_tables}-{i}")
            client.post(f"/manage/events/{event.id}/prisoners/{p.id}/choose")
        for _ in range(n_people):
            make_rsvp(event)
        client.post(f"/manage/events/{event.id}/tables/auto", data={})

    def statements():
        client.get(f"/manage/events/{event.id}/tables")
        with count_queries() as s:
            page = client.get(f"/manage/events/{event.id}/tables")
        assert page.status_code == 200
        return len(s)

    fill(2, 5, 3)
    small = statements()
    fill(10, 80, 30)
    assert statements() == small
    assert re.search(r"Table 12", client.get(f"/manage/events/{event.id}/tables").text)


def test_a_move_to_a_full_table_asks_first_and_every_move_says_where(host, client):
    event = make_event(chapter=host)
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": "2", "seats": "2"})
    full, _free = _tables(event)
    people = [make_rsvp(event, name=f"Guest {n}")[0] for n in range(3)]
    url = f"/manage/events/{event.id}/people/{{}}/move"
    for person in people[:2]:
        page = client.post(
            url.format(person.id), data={"table": str(full.id)}, follow_redirects=True
        ).text
        assert f"Seated at table {full.label} now." in page
    asked = client.post(url.format(people[2].id), data={"table": str(full.id)})
    assert asked.status_code == 409
    assert f"All 2 seats at table {full.label} are taken" in asked.text
    assert 'name="over_seats" value="y"' in asked.text
    db.session.refresh(people[2])
    assert people[2].table_id is None  # nothing moved without the yes
    page = client.post(
        url.format(people[2].id),
        data={"table": str(full.id), "over_seats": "y"},
        follow_redirects=True,
    ).text
    assert "over its seats now (3 of 2)" in page
    db.session.refresh(people[2])
    assert people[2].table_id == full.id
    page = client.post(url.format(people[2].id), data={"table": ""}, follow_redirects=True).text
    assert "No table for them now." in page
