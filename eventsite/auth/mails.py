"""The messages invitees and account holders get, each queued in the caller's transaction."""

from flask import render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from eventsite.mail.outbox import compose, enqueue


def invitation(invitation, link: str) -> None:
    """Invite in the language the organizer is using: the invitee's is not known yet."""
    with force_locale(str(get_locale() or "en")):
        context = {"invitation": invitation, "link": link}
        message = compose(
            to=invitation.email,
            subject=_("Your invitation to %(chapter)s", chapter=invitation.chapter.name),
            text=render_template("email/invitation.txt", **context),
            html=render_template("email/invitation.html", **context),
            reply_to=invitation.chapter.contact_email,
        )
    enqueue(message, "invitation")


def password_reset(user, link: str, language: str) -> None:
    """In the language of the page the reset was asked for from (the user has no other)."""
    with force_locale(language or "en"):
        context = {"user": user, "link": link}
        message = compose(
            to=user.email,
            subject=_("Choose a new password for Letter evenings"),
            text=render_template("email/password_reset.txt", **context),
            html=render_template("email/password_reset.html", **context),
        )
    enqueue(message, "password_reset")
