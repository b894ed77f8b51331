"""An evening's sign-ups as CSV and .xlsx, for its organizers (personal data)."""

from zoneinfo import ZoneInfo

from eventsite.core.csv import csv_text
from eventsite.core.spreadsheets import xlsx_bytes
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


def rsvp_table(rsvps: list[Rsvp], tz: str) -> tuple[list[str], list[list[object]]]:
    """One line per sign-up in arrival order; waiting people numbered from 1.

    Times are the chapter's local time, the zone named in the header.
    """
    rows: list[list[object]] = []
    position = 0
    zone = ZoneInfo(tz)
    for rsvp in rsvps:
        waiting = rsvp.status == RsvpStatus.WAITLISTED
        position += waiting
        rows.append(
            [
                rsvp.status.value,
                position if waiting else None,
                rsvp.name,
                rsvp.email,
                rsvp.reads_russian,
                rsvp.first_time,
                rsvp.note,
                rsvp.created_at.astimezone(zone).replace(tzinfo=None),
            ]
        )
    return [*COLUMNS[:-1], f"signed_up_at ({tz})"], rows


def rsvps_csv(rsvps: list[Rsvp], tz: str) -> str:
    return csv_text(*rsvp_table(rsvps, tz))


def rsvps_xlsx(rsvps: list[Rsvp], tz: str) -> bytes:
    return xlsx_bytes(*rsvp_table(rsvps, tz), sheet="RSVPs")
