"""Who may use the directory: it is shared by all chapters."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from eventsite.auth.models import Role


def is_reader(user) -> bool:
    """Any member of any chapter reads the directory."""
    return bool(getattr(user, "is_authenticated", False) and user.memberships)


def is_editor(user) -> bool:
    """An organizer of at least one chapter edits the directory."""
    return is_reader(user) and any(m.role == Role.ORGANIZER for m in user.memberships)


def _require(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(**kwargs):
            if not check(current_user):
                abort(404)
            return view(**kwargs)

        return wrapped

    return decorator


reader_required = _require(is_reader)
editor_required = _require(is_editor)
