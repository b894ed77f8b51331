"""Every model, importable from one place (migrations, the shell, tests)."""

from eventsite.auth.models import Invitation, Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.events.models import AddressVisibility, Event, EventStatus
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.rsvp.models import Rsvp, RsvpStatus

__all__ = [
    "AddressVisibility",
    "Chapter",
    "Event",
    "EventStatus",
    "Invitation",
    "MailStatus",
    "OutboxMessage",
    "Membership",
    "Role",
    "Rsvp",
    "RsvpStatus",
    "User",
]
