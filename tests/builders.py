"""Builders for test data: sensible defaults, override what the test is about."""

from itertools import count

from werkzeug.security import generate_password_hash

from eventsite.auth.models import Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.extensions import db

_seq = count(1)
PASSWORD = "password-123"
# A cheap hash keeps the suite fast; the app itself uses werkzeug's default (scrypt).
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_chapter(**overrides) -> Chapter:
    n = next(_seq)
    fields = {
        "slug": f"chapter-{n}",
        "name": f"Chapter {n}",
        "city": "Berlin",
        "timezone": "Europe/Berlin",
        "contact_email": f"chapter{n}@example.org",
        "return_address": "Postfach 1\n10999 Berlin",
        "postal_delay_days": 21,
        "paper_size": "a4",
    }
    fields.update(overrides)
    chapter = Chapter(**fields)
    db.session.add(chapter)
    db.session.commit()
    return chapter


def make_user(*, chapter: Chapter | None = None, role: Role | None = None, **overrides) -> User:
    n = next(_seq)
    fields = {"email": f"user{n}@example.org", "name": f"User {n}", "password_hash": _FAST_HASH}
    fields.update(overrides)
    user = User(**fields)
    db.session.add(user)
    if chapter is not None:
        db.session.add(Membership(user=user, chapter=chapter, role=role or Role.ORGANIZER))
    db.session.commit()
    return user


def make_event(chapter: Chapter | None = None, **overrides):
    """A published evening a week from now, 18:00–21:00 UTC, 20 seats."""
    from datetime import timedelta

    from eventsite.events.models import Event, EventStatus
    from eventsite.extensions import utcnow

    starts = (utcnow() + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    fields = {
        "chapter": chapter or make_chapter(),
        "title": f"Evening {next(_seq)}",
        "description": "Postcards and tea.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "venue_name": "Café Zukunft",
        "venue_address": "Musterstraße 12, 10999 Berlin",
        "capacity": 20,
        "status": EventStatus.PUBLISHED,
    }
    fields.update(overrides)
    if fields["status"] == EventStatus.CANCELLED:
        # A cancelled evening in a test was published first, unless the test says not.
        fields.setdefault("first_published_at", utcnow() - timedelta(days=1))
    event = Event(**fields)
    db.session.add(event)
    db.session.commit()
    return event


def make_rsvp(event, **overrides):
    """Sign someone up through the real service; return (rsvp, token)."""
    from eventsite.rsvp.services import create_rsvp

    n = next(_seq)
    fields = {"name": f"Attendee {n}", "email": f"attendee{n}@example.org"}
    fields.update(overrides)
    rsvp, token = create_rsvp(event.id, **fields)
    db.session.commit()
    return rsvp, token


def make_prisoner(*, tags=(), routes=(), commit=True, **overrides):
    from datetime import date

    from eventsite.prisoners.models import (
        MailRoute,
        Prisoner,
        PrisonerMailRoute,
        PrisonerStatus,
        PrisonerTag,
    )
    from eventsite.prisoners.text import transliterate

    n = next(_seq)
    fields = {
        "name_ru": f"Тестов Иван {n}",
        "birth_date": date(1980, 5, 17),
        "status": PrisonerStatus.ACTIVE,
        "postal_code": "601446",
        "region": "Владимирская обл.",
        "town": "г. Покров",
        "street": "ул. Франца Штольверка, д. 10",
        "facility": "ФКУ ИК-2 УФСИН России по Владимирской обл.",
    }
    fields.update(overrides)
    # A Latin name given here is their own; otherwise the model derives it.
    fields.setdefault("name_latin_own", "name_latin" in overrides)
    fields.setdefault("name_latin", transliterate(fields["name_ru"]))
    prisoner = Prisoner(**fields)
    prisoner.tags = [PrisonerTag(tag=t) for t in tags]
    prisoner.mail_routes = [PrisonerMailRoute(route=MailRoute(r)) for r in routes]
    db.session.add(prisoner)
    if commit:
        db.session.commit()
    return prisoner


# Plain data for the print builders (eventsite.printing.data); no database involved.


def print_evening(**overrides):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from eventsite.printing.data import Evening

    berlin = ZoneInfo("Europe/Berlin")
    fields = {
        "title": "Letters before the holidays",
        "chapter_name": "Letters from Berlin",
        "starts_local": datetime(2025, 12, 12, 18, 30, tzinfo=berlin),
        "ends_local": datetime(2025, 12, 12, 21, 0, tzinfo=berlin),
        "venue_name": "Café Leseecke",
        "venue_address": "Oranienstraße 1, 10999 Berlin",
        "return_address": "Письма с воли\nPostfach 44 01 22\n10999 Berlin, Germany",
        "capacity": 30,
        "paper": "a4",
    }
    fields.update(overrides)
    return Evening(**fields)


def print_prisoner(*, envelope_lines=None, from_lines=None, postable=True, **overrides):
    """A prisoner card; the envelope block from `envelope_lines`, or a made-up one."""
    from datetime import date

    from eventsite.printing.data import PrisonerCard
    from eventsite.prisoners.address import AddressState
    from eventsite.prisoners.envelope import Envelope

    n = next(_seq)
    if envelope_lines is None:
        envelope_lines = (
            f"Ивановой Марии Сергеевне {n}, 1991 г. р.",
            "ФКУ ИК-2 ГУФСИН России по Нижегородской области",
            "ул. Ленинградская, д. 10",
            "г. Дзержинск",
            "Нижегородская область",
            "603950",
            "РОССИЯ",
            "RUSSLAND",
        )
    if from_lines is None:
        from_lines = ("Письма с воли", "Postfach 44 01 22", "10999 Berlin", "GERMANY", "ГЕРМАНИЯ")
    state = AddressState(postable) if postable else AddressState(False, ("unconfirmed",))
    fields = {
        "name_cyrillic": f"Иванова Мария Сергеевна {n}",
        "name_latin": f"Ivanova Maria Sergeevna {n}",
        "envelope": Envelope(
            to_lines=tuple(envelope_lines), from_lines=tuple(from_lines), state=state
        ),
        "salutation": "Здравствуйте, Мария Сергеевна!",
        "birth_date": date(1991, 12, 20),
        "birth_year": 1991,
        "birthday_note": "turns 34 on 20 December",
        "bio": "Журналистка из Нижнего Новгорода. A journalist who loves the Volga.",
        "interests": "Книги, вязание, история Волги",
        "restrictions": ("Postcards only", "No photos"),
        "mail_routes": ("Paper post", "FSIN-Pismo"),
        "notes_for_writers": "Likes hearing about seasons and gardens.",
    }
    fields.update(overrides)
    return PrisonerCard(**fields)


def print_table(prisoners=2, **overrides):
    """A table with `prisoners` made-up prisoners, or exactly the PrisonerCards given."""
    from eventsite.printing.data import TableSheet

    n = next(_seq)
    if isinstance(prisoners, int):
        prisoners = tuple(print_prisoner() for _ in range(prisoners))
    fields = {
        "label": f"Table {n}",
        "seats": 6,
        "attendees": ("Anna K.", "Борис", "Chris"),
        "prisoners": tuple(prisoners),
    }
    fields.update(overrides)
    return TableSheet(**fields)


def make_tally(event, prisoner, letters=1, postcards=0):
    """A letter tally row for an evening and a prisoner."""
    from eventsite.tallies.models import LetterTally

    tally = LetterTally(
        event_id=event.id, prisoner_id=prisoner.id, letters=letters, postcards=postcards
    )
    db.session.add(tally)
    db.session.commit()
    return tally
