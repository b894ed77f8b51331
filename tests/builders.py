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
    fields.setdefault("name_latin", transliterate(fields["name_ru"]))
    prisoner = Prisoner(**fields)
    prisoner.tags = [PrisonerTag(tag=t) for t in tags]
    prisoner.mail_routes = [PrisonerMailRoute(route=MailRoute(r)) for r in routes]
    db.session.add(prisoner)
    if commit:
        db.session.commit()
    return prisoner
