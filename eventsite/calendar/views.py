"""Calendar files: one evening, and a chapter's subscribable feed."""

from flask import Blueprint
from sqlalchemy import select

from eventsite.calendar.services import feed_for, ics_response, public_entry
from eventsite.chapters.models import Chapter
from eventsite.core.caching import public_file
from eventsite.events.access import public_event_or_404
from eventsite.extensions import db, utcnow

bp = Blueprint("calendar", __name__)

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
    feed = feed_for(chapter.id, utcnow())
    return ics_response(
        [public_entry(e) for e in feed.events],
        f"{chapter.slug}.ics",
        name=chapter.name,
        last_modified=feed.last_modified,
    )
