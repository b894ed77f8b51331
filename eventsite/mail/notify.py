"""The messages attendees and invitees get, each queued in the caller's transaction."""

from flask import current_app, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from eventsite.calendar.ics import build_calendar
from eventsite.calendar.views import entry_for
from eventsite.core.i18n import N_
from eventsite.core.urls import absolute_url
from eventsite.events.models import Event
from eventsite.extensions import utcnow
from eventsite.mail.outbox import compose, enqueue
from eventsite.rsvp.models import Rsvp, RsvpStatus

external_url = absolute_url  # links in mail start with BASE_URL, never the request's Host


def _ics(event: Event, show_address: bool) -> tuple:
    body = build_calendar([entry_for(event, show_address=show_address)], now=utcnow())
    return (f"evening-{event.id}.ics", "text", "calendar", body)


def _to_attendee(rsvp: Rsvp, kind: str, subject: str, *, ics=False, **context) -> None:
    """Render `email/<kind>.txt/.html` in the attendee's language and queue it.

    Until the address is confirmed, mail carries the confirmation link only: no
    private link, door code or private address reaches an address nobody vouched for.
    """
    from eventsite.rsvp.services import confirm_token, manage_token, waitlist_position

    token = manage_token(rsvp)
    if not rsvp.email or not token:
        return  # purged
    event = rsvp.event
    confirmed = rsvp.status == RsvpStatus.CONFIRMED
    unconfirmed = rsvp.is_unconfirmed
    with (
        force_locale(rsvp.language or "en"),
        current_app.test_request_context(base_url=current_app.config["BASE_URL"]),
    ):
        # Links and dates are rendered as if for the attendee's own request.
        context.update(
            rsvp=rsvp,
            event=event,
            manage_url=None if unconfirmed else external_url("rsvp.manage", token=token),
            cancel_url=None if unconfirmed else external_url("rsvp.confirm_cancel", token=token),
            confirm_url=(
                external_url("rsvp.confirm", token=confirm_token(rsvp)) if unconfirmed else None
            ),
            event_url=external_url("events.event", event_id=event.id),
            show_address=confirmed,
            position=waitlist_position(rsvp),
        )
        message = compose(
            to=rsvp.email,
            subject=_(subject, title=event.title),
            text=render_template(f"email/{kind}.txt", **context),
            html=render_template(f"email/{kind}.html", **context),
            attachments=[_ics(event, confirmed)] if ics else [],
        )
    enqueue(message, kind, rsvp_id=rsvp.id)


def rsvp_created(rsvp: Rsvp) -> None:
    if rsvp.status == RsvpStatus.CONFIRMED:
        _to_attendee(rsvp, "rsvp_confirmed", N_("You are signed up: %(title)s"), ics=True)
    else:
        _to_attendee(rsvp, "rsvp_waitlisted", N_("You are on the waitlist: %(title)s"))


def confirm_signup(rsvp: Rsvp) -> None:
    """The link that turns a held seat (or waitlist place) into the person's own."""
    _to_attendee(rsvp, "rsvp_confirm", N_("Confirm your place: %(title)s"))


def link_again(rsvp: Rsvp) -> None:
    """Someone signed up again with this email: send its owner their link again.

    The confirmation link while the address is unconfirmed, else the private link. At
    most once an hour (counting the first mail), so the form cannot flood an inbox.
    """
    from datetime import timedelta

    from sqlalchemy import select

    from eventsite.extensions import db
    from eventsite.mail.models import OutboxMessage

    recent = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.rsvp_id == rsvp.id,
            OutboxMessage.kind.in_(["rsvp_link", "rsvp_confirm"]),
            OutboxMessage.created_at > utcnow() - timedelta(hours=1),
        )
    )
    if recent is None and rsvp.is_unconfirmed:
        confirm_signup(rsvp)
    elif recent is None:
        _to_attendee(rsvp, "rsvp_link", N_("Your place at %(title)s"))


def promoted(rsvps: list[Rsvp]) -> None:
    for rsvp in rsvps:
        _to_attendee(rsvp, "rsvp_promoted", N_("A seat is free for you: %(title)s"), ics=True)


def _live(event: Event) -> list[Rsvp]:
    from sqlalchemy import select

    from eventsite.extensions import db

    return list(
        db.session.scalars(
            select(Rsvp).where(
                Rsvp.event_id == event.id,
                Rsvp.status.in_([RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]),
                Rsvp.hold_expires_at.is_(None),  # unconfirmed addresses hear nothing more
            )
        )
    )


def event_changed(event: Event) -> None:
    for rsvp in _live(event):
        _to_attendee(rsvp, "event_changed", N_("Changed: %(title)s"), ics=True)


def event_cancelled(event: Event) -> None:
    for rsvp in _live(event):
        _to_attendee(rsvp, "event_cancelled", N_("Cancelled: %(title)s"), ics=True)


def reminder(rsvp: Rsvp) -> None:
    _to_attendee(rsvp, "reminder", N_("See you soon: %(title)s"), ics=True)


def invitation(invitation, link: str) -> None:
    """Invite in the language the organizer is using: the invitee's is not known yet."""
    with force_locale(str(get_locale() or "en")):
        context = {"invitation": invitation, "link": link}
        message = compose(
            to=invitation.email,
            subject=_("Your invitation to %(chapter)s", chapter=invitation.chapter.name),
            text=render_template("email/invitation.txt", **context),
            html=render_template("email/invitation.html", **context),
        )
    enqueue(message, "invitation")


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
            )
            enqueue(message, "admin_joined")


def password_reset(user, link: str, *, queue: bool = True) -> None:
    """Compose the reset mail; queue it unless told not to (an unknown email's stand-in)."""
    with force_locale("en"):
        context = {"user": user, "link": link}
        message = compose(
            to=user.email,
            subject=_("Choose a new password for Letter evenings"),
            text=render_template("email/password_reset.txt", **context),
            html=render_template("email/password_reset.html", **context),
        )
    if queue:
        enqueue(message, "password_reset")
