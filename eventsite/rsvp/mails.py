"""The messages attendees get, each queued in the caller's transaction."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.calendar.ics import build_calendar
from eventsite.calendar.services import entry_for
from eventsite.core.i18n import N_
from eventsite.core.urls import external_url
from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import compose, enqueue
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.queries import live_rsvps, waitlist_position
from eventsite.rsvp.tokens import manage_token


def _ics(event: Event, show_address: bool) -> tuple:
    body = build_calendar([entry_for(event, show_address=show_address)], now=utcnow())
    return (f"evening-{event.id}.ics", "text", "calendar", body)


def _to_attendee(rsvp: Rsvp, kind: str, subject: str, *, ics=False, **context) -> None:
    """Render `email/<kind>.txt/.html` in the attendee's language and queue it."""
    token = manage_token(rsvp)
    if not rsvp.email or not token:
        return  # purged
    event = rsvp.event
    confirmed = rsvp.status == RsvpStatus.CONFIRMED
    with (
        force_locale(rsvp.language or "en"),
        current_app.test_request_context(base_url=current_app.config["BASE_URL"]),
    ):
        # Links and dates are rendered as if for the attendee's own request.
        context.update(
            rsvp=rsvp,
            event=event,
            manage_url=external_url("rsvp.manage", token=token),
            cancel_url=external_url("rsvp.confirm_cancel", token=token),
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


def link_again(rsvp: Rsvp) -> None:
    """Someone signed up again with this email: send its owner their private link.

    At most once an hour, so the form cannot be used to flood someone's inbox.
    """
    recent = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.rsvp_id == rsvp.id,
            OutboxMessage.kind == "rsvp_link",
            OutboxMessage.created_at > utcnow() - timedelta(hours=1),
        )
    )
    if recent is None:
        _to_attendee(rsvp, "rsvp_link", N_("Your place at %(title)s"))


def promoted(rsvps: list[Rsvp]) -> None:
    for rsvp in rsvps:
        _to_attendee(rsvp, "rsvp_promoted", N_("A seat is free for you: %(title)s"), ics=True)


def cancelled_by_organizer(rsvp: Rsvp) -> None:
    _to_attendee(rsvp, "rsvp_cancelled", N_("Your place is cancelled: %(title)s"))


def event_changed(event: Event, old: dict | None = None) -> None:
    """Tell everyone signed up; `old` holds the changed fields' previous values."""
    old = old or {}
    was = {
        "when": (old.get("starts_at", event.starts_at), old.get("ends_at", event.ends_at))
        if {"starts_at", "ends_at"} & old.keys()
        else None,
        "venue_name": old.get("venue_name"),
        "venue_address": old.get("venue_address"),
    }
    for rsvp in live_rsvps(event.id):
        _to_attendee(rsvp, "event_changed", N_("Changed: %(title)s"), ics=True, was=was)


def event_cancelled(event: Event, reason: str = "", instead: Event | None = None) -> None:
    for rsvp in live_rsvps(event.id):
        _to_attendee(
            rsvp,
            "event_cancelled",
            N_("Cancelled: %(title)s"),
            ics=True,
            reason=reason,
            instead=instead,
        )


def reminder(rsvp: Rsvp) -> None:
    _to_attendee(rsvp, "reminder", N_("See you soon: %(title)s"), ics=True)
