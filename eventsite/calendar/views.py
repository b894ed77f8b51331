"""Calendar files: one evening, and a chapter's subscribable feed."""

from datetime import timedelta

from flask import Blueprint, Response, current_app
from sqlalchemy import or_, select

from eventsite.calendar.ics import Entry, build_calendar
from eventsite.chapters.models import Chapter
from eventsite.core.urls import absolute_url
from eventsite.events.models import Event, EventStatus
from eventsite.events.views import public_event_or_404
from eventsite.extensions import db, utcnow

bp = Blueprint("calendar", __name__)

FEED_PAST_DAYS = 30


def entry_for(event: Event, *, show_address: bool) -> Entry:
    location = None
    if event.address_is_public or show_address:
        location = ", ".join(p for p in (event.venue_name, event.venue_address) if p) or None
    return Entry(
        uid=f"event-{event.id}@{current_app.config.get('CALENDAR_UID_DOMAIN', 'letter-evenings')}",
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        tz=event.chapter.timezone,
        url=absolute_url("events.event", event_id=event.id),
        sequence=event.sequence,
        last_modified=event.updated_at,
        location=location.replace("\r\n", ", ").replace("\n", ", ") if location else None,
        cancelled=event.status == EventStatus.CANCELLED,
    )


def ics_response(events, filename: str, *, show_address=False, name=None) -> Response:
    body = build_calendar(
        [entry_for(e, show_address=show_address) for e in events], now=utcnow(), name=name
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int):
    event = public_event_or_404(event_id)
    return ics_response([event], f"evening-{event.id}.ics")


@bp.get("/c/<slug>/events.ics")
def chapter_feed(slug: str):
    chapter = db.first_or_404(select(Chapter).where(Chapter.slug == slug))
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    events = db.session.scalars(
        select(Event)
        .where(
            Event.chapter_id == chapter.id,
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            Event.first_published_at.is_not(None),  # a cancelled draft was never public
            or_(Event.ends_at > since, Event.cancelled_at > since),
        )
        .order_by(Event.starts_at)
    ).all()
    return ics_response(events, f"{chapter.slug}.ics", name=chapter.name)
