"""Every model, importable from one place (migrations, the shell, tests)."""

from eventsite.auth.models import Invitation, Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.prisoners.models import (
    Prisoner,
    PrisonerChange,
    PrisonerMailRoute,
    PrisonerTag,
)

__all__ = [
    "Chapter",
    "Invitation",
    "Membership",
    "Prisoner",
    "PrisonerChange",
    "PrisonerMailRoute",
    "PrisonerTag",
    "Role",
    "User",
]
