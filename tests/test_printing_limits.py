"""Print ceilings, and a big render that never holds up a small document."""

import threading
import time

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.printing import documents, gather, render
from eventsite.printing.data import SigninRow
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import (
    make_chapter,
    make_event,
    make_prisoner,
    make_rsvp,
    make_user,
    print_evening,
    print_table,
)
from tests.helpers import login


@pytest.fixture
def host(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    return chapter


def _table_with(event, prisoners: int, label="1") -> EventTable:
    table = EventTable(event=event, label=label, seats=6)
    db.session.add(table)
    db.session.flush()
    for _ in range(prisoners):
        prisoner = make_prisoner(commit=False)
        db.session.flush()
        db.session.add(TablePrisoner(event_id=event.id, prisoner_id=prisoner.id, table_id=table.id))
    db.session.commit()
    return table


def test_a_table_with_too_many_prisoners_is_refused_with_the_reason(app, client, host):
    event = make_event(chapter=host)
    make_rsvp(event, name="Ann")
    crowded = _table_with(event, gather.MAX_PRISONERS_PER_TABLE + 1)
    for path in ("packs.pdf", f"tables/{crowded.id}/pack.pdf", "tally.pdf"):
        response = client.get(f"/events/{event.id}/print/{path}")
        assert response.status_code == 422
        assert "prints at most 20 per table" in response.text
    assert client.get(f"/events/{event.id}/print/signin.pdf").status_code == 200  # no prisoners


def test_an_evening_at_the_ceiling_still_prints(app, client, host):
    event = make_event(chapter=host)
    _table_with(event, gather.MAX_PRISONERS_PER_TABLE)
    assert client.get(f"/events/{event.id}/print/tally.pdf").status_code == 200


def test_documents_are_sized_before_they_are_rendered(app):
    event = make_event()
    for n in range(11):
        _table_with(event, 1, label=str(n))
    size = gather.size(event)
    assert (size.tables, size.prisoners, size.most_at_a_table) == (11, 11, 1)
    assert size.is_big("packs") and not size.is_big("signin")


@pytest.mark.app_config(PRINT_QUEUE_SECONDS=0.2)
def test_big_documents_queued_too_long_get_a_clear_503(app, client, host):
    event = make_event(chapter=host)
    for n in range(11):
        _table_with(event, 1, label=str(n))
    lane = render.LANES["big"]
    assert lane.lock.acquire(timeout=30)  # another big render is running
    try:
        response = client.get(f"/events/{event.id}/print/packs.pdf")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        # A small document of the same evening prints meanwhile.
        assert client.get(f"/events/{event.id}/print/signin.pdf").status_code == 200
    finally:
        lane.lock.release()


class _WatchedLock:
    """The big lane's real lock, counting how many renders hold it at once."""

    def __init__(self, lock):
        self.lock, self.holding, self.most, self.taken = lock, 0, 0, 0

    def acquire(self, *args, **kwargs):
        got = self.lock.acquire(*args, **kwargs)
        if got:
            self.holding += 1
            self.taken += 1
            self.most = max(self.most, self.holding)
        return got

    def release(self):
        self.holding -= 1
        self.lock.release()

    def locked(self):
        return self.lock.locked()

    def __enter__(self):
        self.acquire()

    def __exit__(self, *exc):
        self.release()


@pytest.mark.slow
def test_a_second_big_render_waits_in_line_and_a_small_one_does_not_wait(app, monkeypatch):
    watched = _WatchedLock(render.LANES["big"].lock)
    monkeypatch.setattr(render.LANES["big"], "lock", watched)
    evening = print_evening()
    tables = [print_table(prisoners=2) for _ in range(10)]
    done: dict[str, float] = {}

    def big(name):
        with app.test_request_context(), render.big_document():
            documents.packs_pdf(evening, tables)
        done[name] = time.perf_counter()

    with app.test_request_context():
        documents.signin_pdf(evening, [SigninRow(name="Warm", table_label=None)])  # fonts loaded
    began = time.perf_counter()
    threads = [threading.Thread(target=big, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    asked = time.perf_counter()
    with app.test_request_context():
        pdf = documents.signin_pdf(
            evening, [SigninRow(name=f"P{i}", table_label="1") for i in range(60)]
        )
    small_took = time.perf_counter() - asked
    big_running = render.LANES["big"].lock.locked()
    for thread in threads:
        thread.join()
    assert pdf.startswith(b"%PDF")
    assert small_took < 5, small_took
    assert big_running and time.perf_counter() - began > small_took
    first, _second = sorted(done.values())
    assert first - asked > small_took  # the small one did not wait for a big one
    # Both big ones rendered in the big lane, never two renders in it at once.
    assert watched.taken >= 2 and watched.most == 1
