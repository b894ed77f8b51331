"""Calendar files: one evening, and a chapter's subscribable feed."""

import hashlib
from datetime import timedelta

from flask import Blueprint, Response, request
from sqlalchemy import or_, select

from eventsite.calendar.entries import public_entry
from eventsite.calendar.ics import Entry, build_calendar
from eventsite.chapters.models import Chapter
from eventsite.events.models import Event, EventStatus
from eventsite.events.views import public_event_or_404
from eventsite.extensions import db, utcnow

bp = Blueprint("calendar", __name__)

FEED_PAST_DAYS = 30


def ics_response(entries: list[Entry], filename: str, *, name: str | None = None) -> Response:
    """A calendar file that answers conditional requests (pollers send them every few hours).

    The body has no time of the request in it, so its hash is a strong ETag that every
    app process computes alike; Last-Modified is the latest change among its evenings.
    """
    body = build_calendar(entries, name=name)
    response = Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if entries:
        response.last_modified = max(e.last_modified for e in entries)
    # Caches may keep it but must ask again (private links are no-store, see
    # core/security_headers.py); a 304 costs the poller next to nothing.
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int):
    event = public_event_or_404(event_id)
    return ics_response([public_entry(event)], f"evening-{event.id}.ics")


@bp.get("/c/<slug>/events.ics")
def chapter_feed(slug: str):
    chapter = db.first_or_404(select(Chapter).where(Chapter.slug == slug))
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    events = db.session.scalars(
        select(Event)
        .where(
            Event.chapter_id == chapter.id,
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            or_(Event.ends_at > since, Event.cancelled_at > since),
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    return ics_response([public_entry(e) for e in events], f"{chapter.slug}.ics", name=chapter.name)
