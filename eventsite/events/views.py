"""Public pages: upcoming evenings, a chapter's page, an evening's page."""

from itertools import groupby

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.calendar.links import event_links, feed_links
from eventsite.calendar.services import location
from eventsite.chapters.models import Chapter
from eventsite.core.caching import public_page
from eventsite.core.pagination import page_number
from eventsite.core.templating import evening_when
from eventsite.core.urls import absolute_url
from eventsite.core.zones import zone_words
from eventsite.events import finding, services
from eventsite.events.access import public_event_or_404
from eventsite.extensions import db, utcnow
from eventsite.rsvp import queries as rsvps
from eventsite.rsvp.models import RsvpStatus
from eventsite.rsvp.services import closed_reason

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
    now = utcnow()
    # Every chapter, counted in one query; the menu's cities come from the same rows.
    listings = finding.chapters(now)
    cities = finding.cities(listings)
    city = request.args.get("city", "")
    city = city if city in cities else ""
    page, counts = _page_with_counts(finding.by_place_query(now, city))
    groups = [(chapter, list(evenings)) for chapter, evenings in groupby(page.items, _chapter)]
    return render_template(
        "events/index.html",
        page=page,
        counts=counts,
        groups=groups,
        city=city,
        cities=cities,
        chapters=[item for item in listings if not city or item.chapter.city == city],
    )


def _chapter(event):
    return event.chapter


@bp.get("/c/<slug>/")
@public_page
def chapter(slug: str):
    chapter = db.first_or_404(select(Chapter).where(Chapter.slug == slug))
    page, counts = _page_with_counts(services.upcoming_query(utcnow(), chapter.id))
    where = f"{chapter.name} · {chapter.city}" if chapter.city else chapter.name
    share = {
        "title": chapter.name,
        "description": _(
            "Letter-writing evenings for political prisoners: %(where)s.", where=where
        ),
        "url": absolute_url("events.chapter", slug=chapter.slug),
    }
    return render_template(
        "events/chapter.html",
        chapter=chapter,
        page=page,
        counts=counts,
        feed=feed_links(chapter),
        share=share,
    )


@bp.get("/events/<int:event_id>")
@public_page
def event(event_id: int):
    event = public_event_or_404(event_id)
    counts = rsvps.count_by_status(event.id)
    # A seat kept for someone who may undo their cancel is not free for a newcomer either.
    kept = rsvps.held_seats(event.id, utcnow())
    seats_left = max(event.capacity - rsvps.seats_taken(counts) - kept, 0)
    return render_template(
        "events/event.html",
        event=event,
        seats_left=seats_left,
        held=counts[RsvpStatus.PENDING],
        waiting=counts[RsvpStatus.WAITLISTED],
        is_open=event.is_open_for_rsvp(utcnow()),
        closed_reason=closed_reason(event, utcnow()),
        feed=feed_links(event.chapter),
        add=event_links(event, location(event, show_address=False)),
        share=_share(event),
    )


def _share(event) -> dict[str, str]:
    """What a pasted link's preview says: the title, when, the chapter; an address only
    when it is public."""
    chapter = event.chapter
    parts = [f"{evening_when(event)} ({zone_words(chapter.timezone)})", chapter.name]
    if event.address_is_public and event.venue_name:
        parts.append(event.venue_name)
    if chapter.city:
        parts.append(chapter.city)
    description = " · ".join(parts)
    if event.status.value == "cancelled":
        description = _("Cancelled: %(evening)s", evening=description)
    url = absolute_url("events.event", event_id=event.id)
    return {"title": event.title, "description": description, "url": url}
