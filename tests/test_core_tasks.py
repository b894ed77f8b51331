"""Background work: in this process after the commit without a broker, on Celery with one."""

import secrets
from pathlib import Path

import pytest
from celery.exceptions import NotRegistered

from eventsite.core.tasks import after_commit, beat_schedule, init_app
from eventsite.extensions import db
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.outbox import compose, enqueue
from eventsite.rsvp.models import SignupRequest
from tests.builders import make_event
from tests.helpers import FORM
from tests.smtp import SMTPServer
from tests.workers import REDIS_URL, Worker, require_redis, wait_until


def _eml_files(app) -> list[Path]:
    return sorted(Path(app.instance_path, "outbox").glob("*.eml"))


def _queue_one(to="kit@example.org") -> OutboxMessage:
    message = compose(to=to, subject="Hello", text="Hello", html="<p>Hello</p>")
    return enqueue(message, "test")


def test_without_a_broker_mail_goes_right_after_the_commit_and_not_before(app):
    row = _queue_one()
    assert _eml_files(app) == []  # inside the transaction nothing has run
    db.session.commit()
    (written,) = _eml_files(app)
    assert b"kit@example.org" in written.read_bytes()
    db.session.refresh(row)
    assert row.status == MailStatus.SENT


def test_without_a_broker_a_rolled_back_change_runs_nothing(app):
    _queue_one()
    db.session.rollback()
    db.session.execute(db.select(OutboxMessage.id)).all()
    db.session.commit()  # the next transaction does not inherit the forgotten task
    assert _eml_files(app) == []
    assert db.session.scalars(db.select(OutboxMessage)).all() == []


def test_one_task_carries_the_transactions_messages(app):
    for n in range(3):
        _queue_one(f"person{n}@example.org")
    pending = db.session().info["eventsite.tasks"]
    assert [(name, len(args[0])) for name, args, _lane in pending] == [("mail.deliver", 3)]
    db.session.commit()
    assert len(_eml_files(app)) == 3


def test_without_a_broker_a_sign_up_is_processed_after_the_answer(app, client):
    event = make_event()
    response = client.post(f"/events/{event.id}/rsvp", data=FORM)
    assert response.status_code == 200
    # The answer is complete while the form still waits: nobody waits for the work.
    assert db.session.scalar(db.select(db.func.count(SignupRequest.id))) == 1
    response.close()  # the server has sent it
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(SignupRequest.id))) == 0
    (mail,) = _eml_files(app)
    assert b"kit@example.org" in mail.read_bytes()


def test_a_task_name_nobody_defined_is_refused_when_asked_for(app):
    with pytest.raises(NotRegistered):
        after_commit("nobody.has_this_task")


def test_beat_runs_every_scheduled_job_of_the_old_cron_lines(app):
    tasks = app.extensions["celery"].tasks
    names = {entry["task"] for entry in beat_schedule(app).values()}
    assert names == {
        "mail.deliver_due",
        "rsvp.expire_holds",
        "rsvp.queue_reminders",
        "rsvp.purge_due",
        "prisoners.forget_old_uploads",
    }
    assert names <= set(tasks)


# --- with a broker: a real worker on Redis ---------------------------------------------------


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(app):
    require_redis()
    app.config.update(CELERY_BROKER_URL=REDIS_URL, CELERY_QUEUE=f"test-{secrets.token_hex(4)}")
    init_app(app)  # built without a broker: build it again from the new config
    return app


@pytest.mark.slow
def test_with_a_broker_a_worker_processes_the_sign_up_and_sends_its_mail(broker, client, smtp):
    event = make_event(title="Postcards")
    worker = Worker(broker, "solo")
    try:
        client.post(f"/events/{event.id}/rsvp", data=FORM).close()
        (message,) = wait_until(lambda: smtp.inbox.to("kit@example.org"), timeout=30)
        assert "Postcards" in str(message["Subject"])
        assert "mail.deliver" in worker.output() and "rsvp.process_signup" in worker.output()
        assert _eml_files(broker) == []  # nothing ran in the web process
        assert client.get("/healthz").json["broker"] == "ok"
    finally:
        worker.stop()
    db.session.rollback()
    assert db.session.scalar(db.select(OutboxMessage.status)) == MailStatus.SENT
