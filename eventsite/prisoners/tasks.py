"""The directory's scheduled work."""

from celery import shared_task

from eventsite.prisoners import uploads


@shared_task(name="prisoners.forget_old_uploads")
def forget_old_uploads() -> int:
    """Beat, hourly: delete import files nobody confirmed within a day."""
    return uploads.forget_old()
