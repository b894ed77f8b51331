"""Who may see what: one decorator per kind of page."""

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from eventsite.auth.models import Role
from eventsite.auth.services import has_role
from eventsite.chapters.models import Chapter
from eventsite.extensions import db


def require_chapter_role(chapter_id: int, role: Role) -> None:
    """Abort with 404 unless the current user has `role` in the chapter.

    404 rather than 403: a stranger must not learn that another chapter's
    evening or page exists.
    """
    if not has_role(current_user, chapter_id, role):
        abort(404)


def chapter_role_required(role: Role):
    """Decorate a view taking `slug`: it receives the chapter instead, if allowed."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(slug: str, **kwargs):
            chapter = db.session.scalar(select(Chapter).where(Chapter.slug == slug))
            if chapter is None:
                abort(404)
            require_chapter_role(chapter.id, role)
            g.chapter = chapter
            return view(chapter, **kwargs)

        return wrapped

    return decorator


def admin_required(view):
    """Let only site admins in; everyone else gets a 404."""

    @wraps(view)
    @login_required
    def wrapped(**kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(**kwargs)

    return wrapped
