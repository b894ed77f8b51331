"""The messages invitees and account holders get, each queued in the caller's transaction."""

from flask import render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from eventsite.core.urls import absolute_url
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


def password_reset(user, link: str, language: str, *, queue: bool = True) -> None:
    """In the language of the page the reset was asked for from (the user has no other).

    Composed even when not queued (an unknown email's stand-in), so both cost the same.
    """
    with force_locale(language or "en"):
        context = {"user": user, "link": link}
        message = compose(
            to=user.email,
            subject=_("Choose a new password for Letter evenings"),
            text=render_template("email/password_reset.txt", **context),
            html=render_template("email/password_reset.html", **context),
        )
    if queue:
        enqueue(message, "password_reset")


def admin_joined(chapter, admin, role, organizers) -> None:
    """A site admin took a role in a chapter: each of its organizers hears of it."""
    with force_locale(str(get_locale() or "en")):
        context = {
            "chapter": chapter,
            "admin": admin,
            "role": role,
            "members_url": absolute_url("chapters.members", slug=chapter.slug),
        }
        for organizer in organizers:
            message = compose(
                to=organizer.email,
                subject=_("A site admin joined %(chapter)s", chapter=chapter.name),
                text=render_template("email/admin_joined.txt", organizer=organizer, **context),
                html=render_template("email/admin_joined.html", organizer=organizer, **context),
                reply_to=chapter.contact_email,
            )
            enqueue(message, "admin_joined")
