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


def print_prisoner(**overrides):
    from datetime import date

    from eventsite.printing.data import PrisonerCard

    n = next(_seq)
    fields = {
        "name_cyrillic": f"Иванова Мария Сергеевна {n}",
        "name_latin": f"Ivanova Maria Sergeevna {n}",
        "birth_date": date(1991, 12, 20),
        "envelope_lines": (
            "603950, Нижегородская область,",
            "г. Дзержинск, ул. Ленинградская, д. 10,",
            "ФКУ ИК-2 ГУФСИН России по Нижегородской области,",
            f"Ивановой Марии Сергеевне {n}, 1991 г. р.",
        ),
        "birthday_note": "turns 34 on 20 December",
        "bio": "Журналистка из Нижнего Новгорода. A journalist who loves the Volga.",
        "interests": "Книги, вязание, история Волги",
        "restrictions": "Postcards only, no photos",
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
