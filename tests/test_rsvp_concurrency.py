"""A burst of simultaneous sign-ups over real HTTP never overbooks."""

import http.client
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from eventsite.extensions import db
from eventsite.rsvp import queries, services
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_event
from tests.livesrv import live_server

BURST = 200
SEATS = 40


def _post(base: str, path: str, body: dict, start: threading.Barrier) -> int:
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    payload = urllib.parse.urlencode(body)
    start.wait()
    conn.request("POST", path, payload, {"Content-Type": "application/x-www-form-urlencoded"})
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.slow
@pytest.mark.app_config(SERVER_NAME=None)
def test_200_simultaneous_rsvps_fill_exactly_40_seats(app):
    event = make_event(capacity=SEATS)
    start = threading.Barrier(BURST)
    with live_server(app) as base, ThreadPoolExecutor(BURST) as pool:
        futures = [
            pool.submit(
                _post,
                base,
                f"/events/{event.id}/rsvp",
                {"name": f"Person {i}", "email": f"p{i}@example.org"},
                start,
            )
            for i in range(BURST)
        ]
        statuses = [f.result() for f in futures]

    assert statuses.count(302) == BURST, sorted(set(statuses))
    db.session.expire_all()
    rsvps = db.session.scalars(
        db.select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.queue_seq)
    ).all()
    assert len(rsvps) == BURST
    confirmed = [r for r in rsvps if r.status == RsvpStatus.CONFIRMED]
    waiting = [r for r in rsvps if r.status == RsvpStatus.WAITLISTED]
    assert len(confirmed) == SEATS
    assert len(waiting) == BURST - SEATS
    # Arrival order is one gap-free sequence, and seats went to the first 40 of it.
    assert [r.queue_seq for r in rsvps] == list(range(1, BURST + 1))
    assert rsvps[:SEATS] == confirmed
    assert [queries.waitlist_position(r) for r in waiting[:3]] == [1, 2, 3]

    # Cancellations hand seats to the waiting in order.
    for rsvp in confirmed[:5]:
        services.cancel_rsvp(rsvp.id)
    db.session.commit()
    db.session.expire_all()
    now_confirmed = db.session.scalars(
        db.select(Rsvp.queue_seq)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED)
        .order_by(Rsvp.queue_seq)
    ).all()
    assert now_confirmed == list(range(6, SEATS + 6))
