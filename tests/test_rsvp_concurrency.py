"""Bursts of simultaneous sign-ups and confirmations over real HTTP never overbook."""

import http.client
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from eventsite.extensions import db, utcnow
from eventsite.rsvp import queries, services, signup, tokens
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_event
from tests.livesrv import live_server

BURST = 200
SEATS = 40
LAPSING = 10  # people who never open their link


def _post(base: str, path: str, body: dict, start: threading.Barrier) -> int:
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    payload = urllib.parse.urlencode(body)
    start.wait()
    conn.request("POST", path, payload, {"Content-Type": "application/x-www-form-urlencoded"})
    status = conn.getresponse().status
    conn.close()
    return status


def _burst(base: str, requests: list[tuple[str, dict]]) -> list[int]:
    start = threading.Barrier(len(requests))
    with ThreadPoolExecutor(len(requests)) as pool:
        futures = [pool.submit(_post, base, path, body, start) for path, body in requests]
        return [f.result() for f in futures]


def _rsvps(event) -> list[Rsvp]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.queue_seq)
    ).all()


def _wait_for_processing(event, expected: int) -> None:
    """Sign-ups are processed right after each answer; pick up any still in flight."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        signup.process_signup_requests()
        if len(_rsvps(event)) == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"{len(_rsvps(event))} of {expected} sign-ups processed")


@pytest.mark.slow
@pytest.mark.app_config(SERVER_NAME=None, TASKS_EMBEDDED_SKIP=["mail.deliver"])
def test_200_simultaneous_sign_ups_and_confirmations_fill_exactly_40_seats(app):
    event = make_event(capacity=SEATS)
    with live_server(app) as base:
        statuses = _burst(
            base,
            [
                (f"/events/{event.id}/rsvp", {"name": f"Person {i}", "email": f"p{i}@example.org"})
                for i in range(BURST)
            ],
        )
        assert statuses.count(200) == BURST, sorted(set(statuses))
        _wait_for_processing(event, BURST)

        rsvps = _rsvps(event)
        assert [r.status for r in rsvps].count(RsvpStatus.PENDING) == SEATS  # held, not yet kept
        assert all(r.status == RsvpStatus.WAITLISTED for r in rsvps[SEATS:])
        # Arrival order is one gap-free sequence, and held seats went to the first 40 of it.
        assert [r.queue_seq for r in rsvps] == list(range(1, BURST + 1))

        # Five of those holding a seat and five waiting never confirm: their holds lapse
        # while everyone else confirms at once.
        lapsing = rsvps[:5] + rsvps[SEATS : SEATS + 5]
        for rsvp in lapsing:
            rsvp.hold_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        links = [
            (f"/rsvp/confirm/{tokens.confirm_token(r)}", {}) for r in rsvps if r not in lapsing
        ]
        statuses = _burst(base, links)
    assert statuses.count(302) == BURST - LAPSING, sorted(set(statuses))
    signup.expire_holds()

    rsvps = _rsvps(event)
    by_status = {s: [r for r in rsvps if r.status == s] for s in RsvpStatus}
    assert len(by_status[RsvpStatus.CONFIRMED]) == SEATS
    assert by_status[RsvpStatus.PENDING] == []
    assert len(by_status[RsvpStatus.CANCELLED]) == LAPSING
    assert len(by_status[RsvpStatus.WAITLISTED]) == BURST - SEATS - LAPSING
    # The seats went, in arrival order, to the first 40 who did not let their hold lapse.
    kept = [r for r in rsvps if r.status != RsvpStatus.CANCELLED]
    assert by_status[RsvpStatus.CONFIRMED] == kept[:SEATS]
    assert all(r.hold_expires_at is None for r in kept)
    waiting = by_status[RsvpStatus.WAITLISTED]
    assert [queries.waitlist_position(r) for r in waiting[:3]] == [1, 2, 3]

    # Cancellations hand seats to the waiting in order.
    for rsvp in by_status[RsvpStatus.CONFIRMED][:5]:
        services.cancel_rsvp(rsvp.id)
    db.session.commit()
    now_confirmed = [r.queue_seq for r in _rsvps(event) if r.status == RsvpStatus.CONFIRMED]
    assert now_confirmed == [r.queue_seq for r in kept[5 : SEATS + 5]]
