"""An evening's sign-ups as CSV, for its organizers (names, emails and notes: personal data)."""

from eventsite.core.csv import csv_text
from eventsite.rsvp.models import Rsvp, RsvpStatus

COLUMNS = [
    "status",
    "waitlist_position",
    "name",
    "email",
    "reads_russian",
    "first_time",
    "note",
    "signed_up_at",
]


def rsvps_csv(rsvps: list[Rsvp]) -> str:
    """One line per sign-up in arrival order; waiting people numbered from 1."""
    rows = []
    position = 0
    for rsvp in rsvps:
        waiting = rsvp.status == RsvpStatus.WAITLISTED
        position += waiting
        rows.append(
            [
                rsvp.status.value,
                position if waiting else "",
                rsvp.name,
                rsvp.email,
                "yes" if rsvp.reads_russian else "no",
                "yes" if rsvp.first_time else "no",
                rsvp.note,
                rsvp.created_at.isoformat(timespec="seconds"),
            ]
        )
    return csv_text(COLUMNS, rows)
