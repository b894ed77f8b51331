"""Tables are reached through their evening: a table of another evening does not exist here."""

from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.seating.models import EventTable


def table_or_404(event: Event, table_id: int) -> EventTable:
    """A table of this evening, or 404."""
    return db.first_or_404(
        db.select(EventTable).where(EventTable.id == table_id, EventTable.event_id == event.id)
    )
