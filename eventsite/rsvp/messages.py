"""Organizers write to the people of one evening: one mail each, a few messages a day.

Each person gets their own mail (nobody sees another address), in the language they
signed up in, with the evening's details below the organizers' text. At most
`MESSAGES_PER_DAY` messages per evening in any 24 hours, counted under the evening's
lock so two organizers sending at once cannot both slip past the limit. What is kept
is when, by whom and to how many; not the text and not the recipients.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.core.templating import local_datetime
from eventsite.errors import DomainError
from eventsite.events.models import EventStatus
from eventsite.extensions import db, utcnow
from eventsite.rsvp import mails
from eventsite.rsvp.models import OrganizerMessage, Rsvp, RsvpStatus
from eventsite.rsvp.queries import live_rsvps
from eventsite.rsvp.services import lock_event

WINDOW = timedelta(hours=24)


def limit() -> int:
    return int(current_app.config["MESSAGES_PER_EVENING_PER_DAY"])


@dataclass(frozen=True)
class Audience:
    confirmed: int
    waitlisted: int


def recipients(event_id: int, *, with_waitlist: bool) -> list[Rsvp]:
    """Who a message goes to: confirmed people (and the waitlist) with an address.

    Not those whose address is unconfirmed: until they open our link, nobody vouched for it.
    """
    wanted = (
        {RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED} if with_waitlist else {RsvpStatus.CONFIRMED}
    )
    return [r for r in live_rsvps(event_id) if r.status in wanted and r.email]


def audience(event_id: int) -> Audience:
    people = recipients(event_id, with_waitlist=True)
    confirmed = sum(1 for r in people if r.status == RsvpStatus.CONFIRMED)
    return Audience(confirmed=confirmed, waitlisted=len(people) - confirmed)


def sent_recently(event_id: int, now: datetime) -> list[datetime]:
    """When this evening's messages of the last 24 hours went, oldest first."""
    return list(
        db.session.scalars(
            select(OrganizerMessage.sent_at)
            .where(OrganizerMessage.event_id == event_id, OrganizerMessage.sent_at > now - WINDOW)
            .order_by(OrganizerMessage.sent_at)
        )
    )


def next_allowed(event_id: int, now: datetime) -> datetime | None:
    """When the next message may go, if the limit is reached now; None when it may go now."""
    recent = sent_recently(event_id, now)
    if len(recent) < limit():
        return None
    return recent[len(recent) - limit()] + WINDOW


def send(
    event_id: int,
    author,
    *,
    subject: str,
    body: str,
    with_waitlist: bool,
    now: datetime | None = None,
) -> int:
    """Queue one mail per recipient; return how many. Raises DomainError over the limit."""
    now = now or utcnow()
    subject, body = " ".join(subject.split()), clean_body(body)
    if not subject or not body:
        raise DomainError("empty", _("Write a subject and a message."))
    event, _seq = lock_event(event_id)
    if event.status == EventStatus.DRAFT:
        raise DomainError("draft", _("Nobody can be signed up for a draft: publish it first."))
    later = next_allowed(event_id, now)
    if later is not None:
        raise DomainError(
            "limit",
            _(
                "%(limit)d messages have gone to this evening's people in the last 24 hours, "
                "which is the most we send. The next one can go after %(time)s.",
                limit=limit(),
                time=local_datetime(later, event.chapter.timezone, "short"),
            ),
        )
    people = recipients(event_id, with_waitlist=with_waitlist)
    if not people:
        raise DomainError("nobody", _("Nobody with an email address would get this message."))
    for rsvp in people:
        mails.organizer_message(rsvp, subject, body)
    db.session.add(
        OrganizerMessage(
            event_id=event_id,
            author_id=getattr(author, "id", None),
            recipients=len(people),
            sent_at=now,
        )
    )
    db.session.flush()
    return len(people)


def clean_body(body: str) -> str:
    """Line ends as LF, no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
