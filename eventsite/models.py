"""Every model, importable from one place (migrations, the shell, tests)."""

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth.models import Invitation, Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.events.models import AddressVisibility, Event, EventStatus
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.prisoners.models import (
    Prisoner,
    PrisonerChange,
    PrisonerMailRoute,
    PrisonerRestriction,
    PrisonerTag,
    ReturnedLetter,
)
from eventsite.rsvp.models import OrganizerMessage, Rsvp, RsvpStatus, SignupRequest
from eventsite.seating.models import EventTable, TablePrisoner
from eventsite.tallies.models import LetterBatch, LetterTally, PostingMethod

__all__ = [
    "AddressVisibility",
    "AuditAction",
    "AuditEntry",
    "Chapter",
    "Event",
    "EventStatus",
    "EventTable",
    "Invitation",
    "LetterBatch",
    "LetterTally",
    "MailStatus",
    "Membership",
    "OrganizerMessage",
    "OutboxMessage",
    "PostingMethod",
    "Prisoner",
    "PrisonerChange",
    "PrisonerMailRoute",
    "PrisonerRestriction",
    "PrisonerTag",
    "ReturnedLetter",
    "Role",
    "Rsvp",
    "RsvpStatus",
    "SignupRequest",
    "TablePrisoner",
    "User",
]
