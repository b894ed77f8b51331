"""Background work: on Celery when a broker is set, else in this process after the commit.

Features define their tasks with `shared_task` in their own `tasks.py`, named
`<feature>.<verb>`, and ask for them by name through `after_commit` (work caused by a
change: it must see the committed rows, and must not happen if the change is rolled
back) or `dispatch` (work caused by a request that writes nothing, e.g. a password
reset, which must not run while the visitor waits).

With `CELERY_BROKER_URL` (Redis, or RabbitMQ with a Redis result store) the task goes
to the broker once the transaction has committed, and workers run it. Without one (the
embedded default of `make run`) it runs in this process: after the response when there
is a request (nobody waits, nobody can time it), else at once, each time in a fresh app
context, so in a database session of its own and never inside the caller's transaction.
"""

import logging
from datetime import timedelta

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask, after_this_request, current_app, g, has_request_context
from kombu.exceptions import OperationalError
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from eventsite.extensions import db

log = logging.getLogger(__name__)

PENDING = "eventsite.tasks"  # key in Session.info: tasks waiting for the commit


def init_app(app: Flask) -> Celery:
    """Build this app's Celery app from its config; workers and beat use it too."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    broker = app.config["CELERY_BROKER_URL"] or "memory://"
    celery = Celery(app.import_name, task_cls=FlaskTask, set_as_current=False)
    celery.conf.update(
        broker_url=broker,
        result_backend=app.config["CELERY_RESULT_BACKEND"] or None,
        task_default_queue=app.config["CELERY_QUEUE"],
        # Results are not read by anyone: a worker's answer is the database it changed.
        task_ignore_result=True,
        # A task is acknowledged once done, so a worker that dies mid-task leaves it to
        # another; tasks are written to be safe to run twice (claims, conditional updates).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # Redis gives an unacknowledged task to another worker after this long.
        broker_transport_options={"visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"]},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,  # our log lines, once each (core/logs.py)
        # A web process waits at most about a second for a broker that is down.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.3},
        timezone="UTC",
        beat_schedule=beat_schedule(app),
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def beat_schedule(app: Flask) -> dict:
    """What `celery beat` starts, replacing the cron lines of earlier versions."""
    return {
        "mail-retries": {
            "task": "mail.deliver_due",
            "schedule": timedelta(seconds=app.config["MAIL_RETRY_SECONDS"]),
        },
        "signups-and-holds": {"task": "rsvp.expire_holds", "schedule": timedelta(minutes=1)},
        "reminders": {"task": "rsvp.queue_reminders", "schedule": timedelta(minutes=15)},
        "purge": {"task": "rsvp.purge_due", "schedule": crontab(hour=3, minute=30)},
        "uploads": {"task": "prisoners.forget_old_uploads", "schedule": timedelta(hours=1)},
    }


def broker_status(app: Flask) -> str:
    """ "embedded" (no broker), "ok", or "unreachable"; for /healthz."""
    if not has_broker(app):
        return "embedded"
    try:
        with app.extensions["celery"].connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except (OperationalError, OSError):
        return "unreachable"
    return "ok"


def has_broker(app: Flask | None = None) -> bool:
    return bool((app or current_app).config["CELERY_BROKER_URL"])


def after_commit(name: str, *args, lane: str = "") -> None:
    """Run task `name` once the current transaction commits; forget it on a rollback."""
    current_app.extensions["celery"].tasks[name]  # a misspelt name fails here, loudly
    # The scoped session's own Session object: its `info` outlives the transaction, so
    # the listeners below empty it when the transaction ends.
    db.session().info.setdefault(PENDING, []).append((name, args, lane))


BATCH = 25  # items per task of `after_commit_batch`: two workers share a big batch


def after_commit_batch(name: str, item, lane: str = "") -> None:
    """Like `after_commit`, but one task gets up to BATCH items queued in the transaction."""
    current_app.extensions["celery"].tasks[name]  # a misspelt name fails here, loudly
    pending = db.session().info.setdefault(PENDING, [])
    for queued, args, _lane in pending:
        if queued == name and len(args[0]) < BATCH:
            args[0].append(item)
            return
    pending.append((name, ([item],), lane))


def dispatch(name: str, *args, lane: str = "") -> None:
    """Run task `name` now: send it to the broker, or run it here after the response.

    `lane` names a queue of its own ("print": big documents), read by workers started
    with `-Q <CELERY_QUEUE>-<lane>`, so long jobs never hold up the short ones.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if has_broker(app):
        queue = app.config["CELERY_QUEUE"] + (f"-{lane}" if lane else "")
        try:
            app.extensions["celery"].send_task(name, args=args, queue=queue)
        except OperationalError:
            # The change has committed; beat's sweeps (due mail, waiting sign-ups) do it later.
            log.warning("Broker unreachable: task %s left to the scheduled sweep", name)
        return
    if name in app.config["TASKS_EMBEDDED_SKIP"]:
        return  # left to `flask send-mail` and friends (tests read what is queued)
    if has_request_context():
        _after_response(app, name, args)
    else:
        _run_here(app, name, args)


def _run_here(app: Flask, name: str, args: tuple) -> None:
    task = app.extensions["celery"].tasks[name]
    try:
        task(*args)  # FlaskTask pushes a fresh app context: a session of its own
    except Exception:
        # The arguments are ids, but never log them with the error's message (addresses).
        log.exception("Background task %s failed", name)


def _after_response(app: Flask, name: str, args: tuple) -> None:
    waiting = g.get("_tasks_after_response")
    if waiting is None:
        waiting = g._tasks_after_response = []

        @after_this_request
        def _hook(response):
            def run():
                for queued_name, queued_args in waiting:
                    _run_here(app, queued_name, queued_args)

            response.call_on_close(run)
            return response

    waiting.append((name, args))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    for name, args, lane in pending or ():
        dispatch(name, *args, lane=lane)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    # Fires after `after_commit` too; by then a committed transaction's tasks have gone.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(PENDING, None)
