"""Demo data: a chapter or two, people with known logins, evenings and prisoners."""

from sqlalchemy import select

from eventsite.auth import services as auth
from eventsite.auth.models import Role
from eventsite.chapters import services as chapters
from eventsite.chapters.models import Chapter
from eventsite.events.demo import seed_events
from eventsite.extensions import db
from eventsite.prisoners.demo import seed_prisoners
from eventsite.tallies.demo import seed_tallies

DEMO_PEOPLE = [
    # email, name, password, admin
    ("admin@example.org", "Demo admin", "demo-admin", True),
    ("organizer@example.org", "Olga (demo organizer)", "demo-organizer", False),
    ("host@example.org", "Hamid (demo host)", "demo-host", False),
    ("other@example.org", "Oskar (organizer elsewhere)", "demo-other", False),
]

DEMO_CHAPTERS = [
    {
        "slug": "berlin",
        "name": "Letters from Berlin",
        "city": "Berlin",
        "timezone": "Europe/Berlin",
        "contact_email": "berlin@example.org",
        "return_address": "Letters from Berlin\nPostfach 12 34\n10999 Berlin\nGermany",
        "postal_delay_days": 21,
        "paper_size": "a4",
    },
    {
        "slug": "tbilisi",
        "name": "Tbilisi letter club",
        "city": "Tbilisi",
        "timezone": "Asia/Tbilisi",
        "contact_email": "tbilisi@example.org",
        "return_address": "Tbilisi letter club\nP.O. Box 55\n0108 Tbilisi\nGeorgia",
        "postal_delay_days": 18,
        "paper_size": "a4",
    },
]

DEMO_ROLES = [
    ("organizer@example.org", "berlin", Role.ORGANIZER),
    ("host@example.org", "berlin", Role.HOST),
    ("other@example.org", "tbilisi", Role.ORGANIZER),
]


def seed(only_if_empty: bool = False) -> bool:
    """Create what is missing of the demo data; return False if nothing was to do."""
    if only_if_empty and db.session.scalar(select(Chapter.id).limit(1)) is not None:
        return False
    users = {}
    for email, name, password, admin in DEMO_PEOPLE:
        users[email] = auth.find_user(email) or auth.create_user(
            email, name, password, is_admin=admin
        )
    by_slug = {}
    for demo_chapter in DEMO_CHAPTERS:
        fields = dict(demo_chapter)
        slug = str(fields.pop("slug"))
        by_slug[slug] = db.session.scalar(
            select(Chapter).where(Chapter.slug == slug)
        ) or chapters.create_chapter(slug, **fields)
    for email, slug, role in DEMO_ROLES:
        if users[email].role_in(by_slug[slug].id) is None:
            auth.grant_role(users[email], by_slug[slug], role)
    for step in (seed_prisoners, seed_events, seed_tallies):
        step(by_slug)
    db.session.commit()
    return True
