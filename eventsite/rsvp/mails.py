"""The messages attendees get, each queued in the caller's transaction."""

from datetime import datetime, timedelta
from email.message import EmailMessage

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
from eventsite.mail.outbox import Attachment, compose, enqueue, enqueue_many, renders
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.queries import live_rsvps, waitlist_position
from eventsite.rsvp.tokens import confirm_token, manage_token


def _ics(rsvp: Rsvp, method: Method) -> Attachment:
    entry = attendee_entry(rsvp, with_attendee=method == Method.CANCEL)
    body = build_calendar([entry], method=method, now=utcnow())
    # iMIP (RFC 6047): the part names the file's METHOD. Without a charset, mail
    # clients read a Cyrillic title in the .ics as ASCII.
    params = {"method": method.value, "charset": "utf-8"}
    return (f"evening-{rsvp.event.id}.ics", "text", "calendar", body, params)


def _to_attendee(
    rsvp: Rsvp,
    kind: str,
    subject: str,
    *,
    calendar: Method | None = None,
    not_before: datetime | None = None,
    attachments: list[Attachment] | None = None,
    **context,
) -> None:
    """Render `email/<kind>.txt/.html` in the attendee's language and queue it."""
    message = _render(rsvp, kind, subject, calendar=calendar, attachments=attachments, **context)
    if message is not None:
        enqueue(message, kind, rsvp_id=rsvp.id, not_before=not_before)


def _render(
    rsvp: Rsvp,
    kind: str,
    subject: str,
    *,
    calendar: Method | None = None,
    message_id: str | None = None,
    attachments: list[Attachment] | None = None,
    **context,
) -> EmailMessage | None:
    """The attendee's mail of `kind` in their language (None: their data was purged).

    `calendar` attaches the attendee's own entry: PUBLISH only to someone with a seat
    (waiting people get no entry, so nothing in their calendar looks like a seat),
    CANCEL to remove an entry they were sent. Until the address is confirmed, mail
    carries the confirmation link only: no private link, door code or private address
    reaches an address nobody vouched for.
    """
    token = manage_token(rsvp)
    if not rsvp.email or not token:
        return None  # purged
    event = rsvp.event
    confirmed = rsvp.status == RsvpStatus.CONFIRMED
    unconfirmed = rsvp.is_unconfirmed
    confirm = confirm_token(rsvp)
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
            confirm_url=external_url("rsvp.confirm", token=confirm) if confirm else None,
            event_url=external_url("events.event", event_id=event.id),
            chapter_url=external_url("events.chapter", slug=event.chapter.slug),
            show_address=confirmed,
            position=waitlist_position(rsvp),
            has_calendar=calendar is not None,
        )
        message = compose(
            to=rsvp.email,
            subject=_(subject, title=event.title, subject=context.get("subject_text", "")),
            text=render_template(f"email/{kind}.txt", **context),
            html=render_template(f"email/{kind}.html", **context),
            attachments=[_ics(rsvp, calendar)] if calendar else (attachments or []),
            reply_to=event.chapter.contact_email,
            message_id=message_id,
        )
    return message


def rsvp_created(rsvp: Rsvp) -> None:
    if rsvp.status == RsvpStatus.CONFIRMED:
        _to_attendee(
            rsvp, "rsvp_confirmed", N_("You are signed up: %(title)s"), calendar=Method.PUBLISH
        )
    else:
        _to_attendee(rsvp, "rsvp_waitlisted", N_("You are on the waitlist: %(title)s"))


CONFIRM_SUBJECT = N_("Confirm your place: %(title)s")


def confirm_signup(rsvp: Rsvp) -> None:
    """The link that turns a held seat (or waitlist place) into the person's own.

    Queued as a compact row, rendered by the worker: sign-ups come in bursts, and the
    evening's lock (on SQLite, the whole database) is held until this transaction commits.
    """
    if rsvp.email and manage_token(rsvp):
        enqueue_many("rsvp_confirm", [(rsvp.id, rsvp.email)], {})


@renders("rsvp_confirm")
def _render_confirm(rsvp_id: int, _params: dict, message_id: str) -> EmailMessage | None:
    rsvp = _live(rsvp_id)
    if rsvp is None:
        return None
    return _render(rsvp, "rsvp_confirm", CONFIRM_SUBJECT, message_id=message_id)


def link_again(rsvp: Rsvp) -> None:
    """Someone signed up again with this email: send its owner their link again.

    The confirmation link while the address is unconfirmed, else the private link. At
    most once an hour (counting the first mail), so the form cannot flood an inbox.
    """
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


def _everyone(event: Event) -> list[tuple[int, str]]:
    return [(rsvp.id, rsvp.email) for rsvp in live_rsvps(event.id) if rsvp.email]


def event_changed(event: Event, old: dict | None = None) -> None:
    """Tell everyone signed up; `old` holds the changed fields' previous values.

    Queued as compact rows under the evening's lock, rendered by the worker (below).
    """
    old = old or {}
    when = (
        [old.get("starts_at", event.starts_at), old.get("ends_at", event.ends_at)]
        if {"starts_at", "ends_at"} & old.keys()
        else None
    )
    params = {
        "when": [moment.isoformat() for moment in when] if when else None,
        "venue_name": old.get("venue_name"),
        "venue_address": old.get("venue_address"),
    }
    enqueue_many("event_changed", _everyone(event), params)


def event_cancelled(event: Event, reason: str = "", instead: Event | None = None) -> None:
    """Tell everyone signed up, with the organizers' reason and the evening to go to instead."""
    params = {"reason": reason, "instead": instead.id if instead else None}
    enqueue_many("event_cancelled", _everyone(event), params)


def _live(rsvp_id: int) -> Rsvp | None:
    rsvp = db.session.get(Rsvp, rsvp_id)
    return rsvp if rsvp is not None and rsvp.status != RsvpStatus.CANCELLED else None


@renders("event_changed")
def _render_changed(rsvp_id: int, params: dict, message_id: str) -> EmailMessage | None:
    rsvp = _live(rsvp_id)
    if rsvp is None:
        return None
    when = params.get("when")
    was = {
        "when": tuple(datetime.fromisoformat(moment) for moment in when) if when else None,
        "venue_name": params.get("venue_name"),
        "venue_address": params.get("venue_address"),
    }
    calendar = _seat_only(rsvp, Method.PUBLISH)
    return _render(
        rsvp,
        "event_changed",
        N_("Changed: %(title)s"),
        calendar=calendar,
        message_id=message_id,
        was=was,
    )


@renders("event_cancelled")
def _render_cancelled(rsvp_id: int, params: dict, message_id: str) -> EmailMessage | None:
    rsvp = _live(rsvp_id)
    if rsvp is None:
        return None
    instead = db.session.get(Event, params["instead"]) if params.get("instead") else None
    return _render(
        rsvp,
        "event_cancelled",
        N_("Cancelled: %(title)s"),
        calendar=_seat_only(rsvp, Method.CANCEL),
        message_id=message_id,
        reason=params.get("reason", ""),
        instead=instead,
    )


def rsvp_cancelled(rsvp: Rsvp, *, had_seat: bool, not_before: datetime | None = None) -> None:
    """The attendee said "I can't come": confirm it, and take the entry out of their calendar.

    `not_before`: sent once the time to undo is over, and taken back by an undo.
    """
    _to_attendee(
        rsvp,
        "rsvp_cancelled",
        N_("Your place is cancelled: %(title)s"),
        calendar=Method.CANCEL if had_seat else None,
        not_before=not_before,
    )


def cancellation_entry(rsvp: Rsvp) -> Attachment:
    """The calendar file that takes a cancelled place out of the attendee's calendar."""
    return _ics(rsvp, Method.CANCEL)


def back_on_waitlist(rsvp: Rsvp, entry: Attachment) -> None:
    """An undone cancellation found the seat given away: waiting again, calendar entry out.

    `entry` is `cancellation_entry`, built while the place was still cancelled.
    """
    _to_attendee(
        rsvp,
        "rsvp_back_on_waitlist",
        N_("You are on the waitlist again: %(title)s"),
        attachments=[entry],
        has_calendar=True,
    )


def organizer_message(rsvp: Rsvp, subject: str, body: str) -> None:
    """The organizers' own words to one attendee, framed in the attendee's language."""
    _to_attendee(
        rsvp,
        "organizer_message",
        N_("%(subject)s · %(title)s"),
        subject_text=subject,
        body=body,
    )


def reminder(rsvp: Rsvp) -> None:
    _to_attendee(
        rsvp, "reminder", N_("See you soon: %(title)s"), calendar=_seat_only(rsvp, Method.PUBLISH)
    )
