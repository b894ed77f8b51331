"""Demo evenings and sign-ups (fictional people, example.org addresses)."""

from datetime import date, time, timedelta

from sqlalchemy import select

from eventsite.events.models import AddressVisibility, Event, EventStatus
from eventsite.events.services import Schedule, create_events
from eventsite.extensions import db, utcnow
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.tokens import new_link
from eventsite.security import hash_token

NAMES = [
    "Anya", "Boris K.", "Chen", "Dasha", "Emil", "Fatima", "Gosha", "Hanna", "Ilya", "Jonas",
    "Katya", "Lev", "Maria S.", "Nadia", "Oleg", "Polina", "Quentin", "Rita", "Sasha", "Tanya",
]  # fmt: skip

# title, chapter, days from today, seats, confirmed, waiting, address for attendees only
EVENINGS = [
    ("Birthday cards evening", "berlin", 5, 12, 11, 0, False),
    ("Letters to journalists", "berlin", 12, 6, 6, 3, False),
    ("Quiet evening at a flat", "berlin", 19, 10, 3, 0, True),
    ("Autumn letters (past)", "berlin", -30, 15, 12, 0, False),
    ("Summer postcards (past)", "berlin", -60, 15, 9, 0, False),
    ("Письма и чай", "tbilisi", 8, 14, 4, 0, False),
]


def seed_events(chapters: dict) -> None:
    """Create the demo evenings that are missing (matched by chapter and title)."""
    today = date.today()
    for title, slug, days, seats, confirmed, waiting, private in EVENINGS:
        chapter = chapters[slug]
        exists = db.session.scalar(
            select(Event.id).where(Event.chapter_id == chapter.id, Event.title == title)
        )
        if exists:
            continue
        (event,) = create_events(
            chapter,
            Schedule(day=today + timedelta(days=days), starts=time(18, 30), ends=time(21, 0)),
            record_past=days < 0,  # the demo has past evenings with tallies and reports
            title=title,
            description=(
                "We bring postcards, envelopes, stamps and addresses. Come for an hour or "
                "stay all evening. Tea and biscuits provided."
            ),
            venue_name="Café Zukunft" if not private else "A member's flat",
            venue_address="Musterstraße 12\n10999 Berlin" if slug == "berlin" else "Rustaveli 1",
            address_visibility=AddressVisibility.ATTENDEES if private else AddressVisibility.PUBLIC,
            capacity=seats,
        )
        event.status = EventStatus.PUBLISHED
        _add_rsvps(event, confirmed, waiting)


def _add_rsvps(event: Event, confirmed: int, waiting: int) -> None:
    now = utcnow()
    for i in range(confirmed + waiting):
        event.rsvp_seq += 1
        name = NAMES[i % len(NAMES)]
        salt, token = new_link()
        db.session.add(
            Rsvp(
                event=event,
                name=name,
                email=f"demo-{event.chapter.slug}-{i + 1}@example.org",
                token_salt=salt,
                manage_token_hash=hash_token(token),
                status=RsvpStatus.CONFIRMED if i < confirmed else RsvpStatus.WAITLISTED,
                queue_seq=event.rsvp_seq,
                reads_russian=i % 3 != 1,
                first_time=i % 4 == 0,
                note="",
                created_at=now,
                confirmed_at=now if i < confirmed else None,
                checked_in_at=event.starts_at if event.ends_at < now and i % 5 else None,
            )
        )
    db.session.flush()
