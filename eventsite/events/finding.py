"""Finding an evening: upcoming evenings by place, the chapters and their cities."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import contains_eager

from eventsite.chapters.models import Chapter
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db


@dataclass(frozen=True)
class ChapterListing:
    chapter: Chapter
    upcoming: int


def _upcoming(now: datetime):
    return and_(Event.status == EventStatus.PUBLISHED, Event.ends_at > now)


def by_place_query(now: datetime, city: str | None = None) -> Select:
    """Upcoming published evenings grouped by city and chapter, soonest first in each."""
    query = (
        select(Event)
        .join(Event.chapter)
        .options(contains_eager(Event.chapter))
        .where(_upcoming(now))
        .order_by(Chapter.city, Chapter.name, Chapter.id, Event.starts_at, Event.id)
    )
    if city:
        query = query.where(Chapter.city == city)
    return query


def chapters(now: datetime) -> list[ChapterListing]:
    """Every chapter with its number of upcoming evenings, by city and name."""
    count = func.count(Event.id)
    query = (
        select(Chapter, count)
        .outerjoin(Event, and_(Event.chapter_id == Chapter.id, _upcoming(now)))
        .group_by(Chapter.id)
        .order_by(Chapter.city, Chapter.name, Chapter.id)
    )
    return [ChapterListing(chapter, n) for chapter, n in db.session.execute(query)]


def cities(listings: list[ChapterListing]) -> list[str]:
    """The chapters' cities, in order, each once (chapters without a city left out)."""
    return sorted({listing.chapter.city for listing in listings if listing.chapter.city})
