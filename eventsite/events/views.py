"""Public pages: upcoming evenings, a chapter's page, an evening's page."""

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from eventsite.chapters.models import Chapter
from eventsite.core.caching import public_page
from eventsite.core.pagination import page_number
from eventsite.events import services
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from eventsite.rsvp import services as rsvps
from eventsite.rsvp.models import RsvpStatus

bp = Blueprint("events", __name__)


def _page_with_counts(query):
    page = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        max_per_page=100,
        error_out=False,
    )
    counts = rsvps.counts_for([event.id for event in page.items])
    return page, counts


@bp.get("/")
@public_page
def index():
    page, counts = _page_with_counts(services.upcoming_query(utcnow()))
    return render_template("events/index.html", page=page, counts=counts)


@bp.get("/c/<slug>/")
@public_page
def chapter(slug: str):
    chapter = db.first_or_404(select(Chapter).where(Chapter.slug == slug))
    page, counts = _page_with_counts(services.upcoming_query(utcnow(), chapter.id))
    return render_template("events/chapter.html", chapter=chapter, page=page, counts=counts)


def public_event_or_404(event_id: int) -> Event:
    """Evenings never published do not exist for the public, cancelled or not."""
    # The page shows the chapter's name and time zone: load it in the same query.
    event = db.get_or_404(Event, event_id, options=[joinedload(Event.chapter)])
    if event.status == EventStatus.DRAFT or not event.was_published:
        abort(404)
    return event


@bp.get("/events/<int:event_id>")
@public_page
def event(event_id: int):
    event = public_event_or_404(event_id)
    counts = rsvps.count_by_status(event.id)
    seats_left = max(event.capacity - rsvps.seats_taken(counts), 0)
    return render_template(
        "events/event.html",
        event=event,
        seats_left=seats_left,
        held=counts[RsvpStatus.PENDING],
        waiting=counts[RsvpStatus.WAITLISTED],
        is_open=event.is_open_for_rsvp(utcnow()),
        closed_reason=rsvps.closed_reason(event, utcnow()),
    )
