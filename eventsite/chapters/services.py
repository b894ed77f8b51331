"""Creating and changing chapters."""

from flask_babel import gettext as _
from sqlalchemy import select

from eventsite.chapters.models import Chapter
from eventsite.errors import DomainError
from eventsite.extensions import db

CHAPTER_FIELDS = (
    "name",
    "city",
    "timezone",
    "contact_email",
    "return_address",
    "postal_delay_days",
    "paper_size",
    "posts_from",
)


def create_chapter(slug: str, **fields) -> Chapter:
    """Create a chapter; the slug must be free."""
    if db.session.scalar(select(Chapter.id).where(Chapter.slug == slug)) is not None:
        raise DomainError(
            "slug_taken", _("The address /c/%(slug)s/ is taken. Choose another.", slug=slug)
        )
    chapter = Chapter(slug=slug)
    update_chapter(chapter, **fields)
    db.session.add(chapter)
    db.session.flush()
    return chapter


def update_chapter(chapter: Chapter, **fields) -> None:
    for name in CHAPTER_FIELDS:
        if name in fields:
            value = fields[name]
            if isinstance(value, str):
                value = value.strip() if name == "return_address" else " ".join(value.split())
            setattr(chapter, name, value)
