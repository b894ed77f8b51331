"""Mail delivery on the task queue: one task per transaction's messages, beat for retries."""

from celery import shared_task
from sqlalchemy import select

from eventsite.extensions import db, utcnow
from eventsite.mail import outbox
from eventsite.mail.models import MailStatus, OutboxMessage


@shared_task(name="mail.deliver", bind=True, acks_late=True, max_retries=outbox.MAX_ATTEMPTS)
def deliver(self, message_ids: list[int]) -> dict[str, int]:
    """Send the messages a transaction queued; retry the failed ones when they are due.

    The outbox row is the record: the claim makes a second run (a redelivered task,
    beat's sweep, another worker) send nothing twice, and a task lost entirely still
    leaves the row for beat's `deliver_due`.
    """
    counts = outbox.deliver(message_ids)
    if counts["retry"] and not self.request.called_directly:
        waiting = db.session.execute(
            select(OutboxMessage.id, OutboxMessage.next_attempt_at).where(
                OutboxMessage.id.in_(message_ids), OutboxMessage.status == MailStatus.PENDING
            )
        ).all()
        db.session.commit()
        if waiting:
            soonest = min(at for _id, at in waiting)
            countdown = max((soonest - utcnow()).total_seconds(), 1)
            raise self.retry(args=([i for i, _at in waiting],), countdown=countdown)
    return counts


@shared_task(name="mail.deliver_due", acks_late=True)
def deliver_due() -> dict[str, int]:
    """Beat, every MAIL_RETRY_SECONDS: retries that are due, and claims of dead workers."""
    return outbox.deliver_due()
