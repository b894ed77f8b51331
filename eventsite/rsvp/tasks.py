"""Sign-ups and their schedule on the task queue: the form's processing, holds, reminders, purge."""

from celery import shared_task
from flask import current_app

from eventsite.rsvp import purge, reminders, signup


@shared_task(name="rsvp.process_signup", acks_late=True)
def process_signup(request_id: int) -> None:
    """A sign-up form was recorded: hold a seat or mail the link again (safe to run twice)."""
    signup.process_signup_request(request_id)


@shared_task(name="rsvp.expire_holds")
def expire_holds() -> dict[str, int]:
    """Beat, every minute: sign-ups left unprocessed, then seat holds nobody confirmed."""
    return {
        "processed": signup.process_signup_requests(),
        "expired": signup.expire_holds(),
    }


@shared_task(name="rsvp.queue_reminders")
def queue_reminders() -> int:
    """Beat, every 15 minutes: the reminders 24-48 hours ahead (each once)."""
    return reminders.queue_reminders()


@shared_task(name="rsvp.purge_due")
def purge_due() -> int:
    """Beat, nightly: attendees' personal data past ATTENDEE_RETENTION_DAYS."""
    return len(purge.purge_due(current_app.config["ATTENDEE_RETENTION_DAYS"]))
