"""Evenings as calendar entries, and calendar files as responses."""

from collections.abc import Iterable

from flask import Response, current_app, url_for

from eventsite.calendar.ics import Entry, build_calendar
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import utcnow


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
        url=url_for("events.event", event_id=event.id, _external=True),
        sequence=event.sequence,
        last_modified=event.updated_at,
        location=location.replace("\r\n", ", ").replace("\n", ", ") if location else None,
        cancelled=event.status == EventStatus.CANCELLED,
    )


def ics_response(
    events: Iterable[Event], filename: str, *, show_address: bool = False, name: str | None = None
) -> Response:
    body = build_calendar(
        [entry_for(e, show_address=show_address) for e in events], now=utcnow(), name=name
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
