"""The messages attendees get, each queued in the caller's transaction."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.calendar.ics import Method, build_calendar
from eventsite.calendar.services import attendee_entry
from eventsite.core.i18n import N_
from eventsite.core.urls import external_url
from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import Attachment, compose, enqueue
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.queries import live_rsvps, waitlist_position
from eventsite.rsvp.tokens import manage_token


def _ics(rsvp: Rsvp, method: Method) -> Attachment:
    entry = attendee_entry(rsvp, with_attendee=method == Method.CANCEL)
    body = build_calendar([entry], method=method, now=utcnow())
    # iMIP (RFC 6047): the part names the file's METHOD. Without a charset, mail
    # clients read a Cyrillic title in the .ics as ASCII.
    params = {"method": method.value, "charset": "utf-8"}
    return (f"evening-{rsvp.event.id}.ics", "text", "calendar", body, params)


def _to_attendee(
    rsvp: Rsvp, kind: str, subject: str, *, calendar: Method | None = None, **context
) -> None:
    """Render `email/<kind>.txt/.html` in the attendee's language and queue it.

    `calendar` attaches the attendee's own entry: PUBLISH only to someone with a seat
    (waiting people get no entry, so nothing in their calendar looks like a seat),
    CANCEL to remove an entry they were sent.
    """
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
            chapter_url=external_url("events.chapter", slug=event.chapter.slug),
            show_address=confirmed,
            position=waitlist_position(rsvp),
            has_calendar=calendar is not None,
        )
        message = compose(
            to=rsvp.email,
            subject=_(subject, title=event.title),
            text=render_template(f"email/{kind}.txt", **context),
            html=render_template(f"email/{kind}.html", **context),
            attachments=[_ics(rsvp, calendar)] if calendar else [],
            reply_to=event.chapter.contact_email,
        )
    enqueue(message, kind, rsvp_id=rsvp.id)


def rsvp_created(rsvp: Rsvp) -> None:
    if rsvp.status == RsvpStatus.CONFIRMED:
        _to_attendee(
            rsvp, "rsvp_confirmed", N_("You are signed up: %(title)s"), calendar=Method.PUBLISH
        )
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
        _to_attendee(
            rsvp,
            "rsvp_promoted",
            N_("A seat is free for you: %(title)s"),
            calendar=Method.PUBLISH,
        )


def _seat_only(rsvp: Rsvp, method: Method) -> Method | None:
    return method if rsvp.status == RsvpStatus.CONFIRMED else None


def cancelled_by_organizer(rsvp: Rsvp, *, had_seat: bool) -> None:
    """An organizer cancelled someone's place and chose to tell them."""
    _to_attendee(
        rsvp,
        "rsvp_cancelled_by_organizer",
        N_("Your place is cancelled: %(title)s"),
        calendar=Method.CANCEL if had_seat else None,
    )


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
        calendar = _seat_only(rsvp, Method.PUBLISH)
        _to_attendee(rsvp, "event_changed", N_("Changed: %(title)s"), calendar=calendar, was=was)


def event_cancelled(event: Event, reason: str = "", instead: Event | None = None) -> None:
    """Tell everyone signed up, with the organizers' reason and the evening to go to instead."""
    for rsvp in live_rsvps(event.id):
        calendar = _seat_only(rsvp, Method.CANCEL)
        _to_attendee(
            rsvp,
            "event_cancelled",
            N_("Cancelled: %(title)s"),
            calendar=calendar,
            reason=reason,
            instead=instead,
        )


def rsvp_cancelled(rsvp: Rsvp, *, had_seat: bool) -> None:
    """The attendee said "I can't come": confirm it, and take the entry out of their calendar."""
    _to_attendee(
        rsvp,
        "rsvp_cancelled",
        N_("Your place is cancelled: %(title)s"),
        calendar=Method.CANCEL if had_seat else None,
    )


def reminder(rsvp: Rsvp) -> None:
    _to_attendee(
        rsvp, "reminder", N_("See you soon: %(title)s"), calendar=_seat_only(rsvp, Method.PUBLISH)
    )
