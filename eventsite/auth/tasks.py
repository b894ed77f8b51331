"""Account work on the task queue."""

from celery import shared_task

from eventsite.auth import mails, services
from eventsite.extensions import db


@shared_task(name="auth.mail_reset_link", acks_late=True)
def mail_reset_link(email: str, language: str) -> None:
    """Mail the link to an account with this email; for an unknown one, compose and drop.

    The same work either way, away from the request, so no answer or timing tells who
    has an account.
    """
    user, link, real = services.reset_link(email)
    mails.password_reset(user, link, language=language, queue=real)
    if real:
        db.session.commit()
