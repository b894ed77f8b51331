"""Two app processes, two Celery workers and beat on PostgreSQL and Redis: every mail once.

The sign-ups go to both app processes; the workers share the tasks. One worker is
killed (SIGKILL, no goodbye) while it is in the middle of an SMTP delivery: its claim
goes stale, beat's sweep hands the message to the other worker, and still every
address gets each of its mails exactly once.
"""

import re
import secrets
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from eventsite.core.tasks import init_app
from eventsite.events import services as events
from eventsite.extensions import db
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.outbox import deliver_due
from tests.builders import make_event
from tests.helpers import FORM, PG_URL
from tests.smtp import SMTPServer
from tests.workers import (
    REDIS_URL,
    AppServer,
    Beat,
    Worker,
    pid_connected_from,
    require_redis,
    wait_until,
)

pytestmark = [pytest.mark.slow]
PORTS = (8190, 8191)
PEOPLE = 16
SLOW = "slow.reader@example.org"


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=30)
    server.start()
    yield server
    server.inbox.release()
    server.stop()


@pytest.fixture
def cluster(app, smtp):
    if not PG_URL:
        pytest.skip("two of everything runs on PostgreSQL: set TEST_DATABASE_URL")
    require_redis()
    app.config.update(
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_QUEUE=f"test-{secrets.token_hex(4)}",
        CELERY_VISIBILITY_TIMEOUT=15,
        MAIL_RETRY_SECONDS=2,
        MAIL_STALE_CLAIM_SECONDS=6,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
    )
    init_app(app)  # built without a broker: build it again from the new config
    started: list = []
    try:
        started += [Worker(app, "one"), Worker(app, "two"), Beat(app)]
        started += [AppServer(app, port) for port in PORTS]
        yield started
    finally:
        for process in reversed(started):
            process.stop()


def _sign_up(server: AppServer, event_id: int, name: str, address: str) -> None:
    data = urllib.parse.urlencode({**FORM, "name": name, "email": address}).encode()
    request = urllib.request.Request(f"{server.url}/events/{event_id}/rsvp", data=data)
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200


def _confirm(server: AppServer, smtp, address: str) -> None:
    """Press the button behind the emailed link, as the person would."""
    (message,) = smtp.inbox.to(address)
    text = message.get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/rsvp/confirm/[\w-]+)", text).group(1)
    request = urllib.request.Request(f"{server.url}{path}", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200  # followed to the private page


def _mails(smtp) -> Counter:
    return Counter((tuple(rcpts), str(m["Message-ID"])) for rcpts, m in smtp.inbox.messages)


def test_every_mail_goes_once_with_two_of_everything_and_a_worker_killed(app, smtp, cluster):
    one, two, _beat, *servers = cluster
    event = make_event(title="Two of everything", capacity=100)
    addresses = [f"person{n}@example.org" for n in range(PEOPLE)] + [SLOW]
    smtp.inbox.hold(SLOW)
    for n, address in enumerate(addresses):
        _sign_up(servers[n % 2], event.id, f"Person {n}", address)

    # A worker is inside the SMTP conversation for the slow reader: kill that worker.
    assert smtp.inbox.held.wait(60), "no delivery to the slow reader started"
    victim = pid_connected_from(smtp.inbox.peer, [one.process.pid, two.process.pid])
    assert victim is not None
    (one if victim == one.process.pid else two).kill()
    smtp.inbox.release()

    # Every sign-up's confirmation arrives, the interrupted one too (from the survivor).
    wait_until(lambda: {r[0] for r, _id in _mails(smtp)} == set(addresses), timeout=90)
    for n, address in enumerate(addresses):
        _confirm(servers[(n + 1) % 2], smtp, address)
    wait_until(lambda: len(_mails(smtp)) == 2 * len(addresses), timeout=90)

    # The evening is cancelled: one compact row each, rendered and sent by the survivor.
    db.session.expire_all()
    events.cancel(db.session.get(type(event), event.id), reason="The venue is closed")
    db.session.commit()
    wait_until(lambda: len(_mails(smtp)) == 3 * len(addresses), timeout=90)

    db.session.rollback()
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # nothing left over
    statuses = db.session.scalars(db.select(OutboxMessage.status)).all()
    assert Counter(statuses) == {MailStatus.SENT: 3 * len(addresses)}
    mails = _mails(smtp)
    assert set(mails.values()) == {1}, "a message went twice"
    per_address = Counter(rcpts[0] for rcpts, _id in mails)
    assert per_address == dict.fromkeys(addresses, 3)
