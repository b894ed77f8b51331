"""Calendar files: one evening, and a chapter's subscribable feed."""

from datetime import timedelta

from flask import Blueprint
from sqlalchemy import or_, select

from eventsite.calendar.services import ics_response, public_entry
from eventsite.chapters.models import Chapter
from eventsite.core.caching import public_file
from eventsite.events.access import public_event_or_404
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow

bp = Blueprint("calendar", __name__)

FEED_PAST_DAYS = 30
# Calendar apps poll feeds every few hours; a shared cache may answer for a quarter hour.
FEED_MAX_AGE = 15 * 60


@bp.get("/events/<int:event_id>.ics")
@public_file(FEED_MAX_AGE)
def event_ics(event_id: int):
    event = public_event_or_404(event_id)
    return ics_response([public_entry(event)], f"evening-{event.id}.ics")


@bp.get("/c/<slug>/events.ics")
@public_file(FEED_MAX_AGE)
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
        .order_by(Event.starts_at, Event.id)
    ).all()
    return ics_response([public_entry(e) for e in events], f"{chapter.slug}.ics", name=chapter.name)
