"""Who may see an evening: the public sees published ones, its chapter manages it."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from flask import abort
from flask_login import login_required
from sqlalchemy.orm import joinedload

from eventsite.auth.access import require_chapter_role
from eventsite.auth.models import Role
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def public_event_or_404(event_id: int) -> Event:
    """Evenings never published do not exist for the public, cancelled or not."""
    # The page shows the chapter's name and time zone: load it in the same query.
    event = db.get_or_404(Event, event_id, options=[joinedload(Event.chapter)])
    if event.status == EventStatus.DRAFT or not event.was_published:
        abort(404)
    return event


def event_role_required(
    role: Role,
) -> Callable[[Callable[Concatenate[Event, P], R]], Callable[..., R]]:
    """Decorate a view of `/…/<int:event_id>/…`: it receives the evening instead of its id.

    Login required; anyone without `role` in the evening's chapter gets 404, not 403,
    so a stranger does not learn that another chapter's evening exists.
    """

    def decorator(view: Callable[Concatenate[Event, P], R]) -> Callable[..., R]:
        @wraps(view)
        @login_required
        def wrapped(event_id: int, *args: P.args, **kwargs: P.kwargs) -> R:
            event = db.get_or_404(Event, event_id)
            require_chapter_role(event.chapter_id, role)
            return view(event, *args, **kwargs)

        return wrapped

    return decorator
