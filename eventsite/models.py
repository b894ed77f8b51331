"""Every model, importable from one place (migrations, the shell, tests)."""

from eventsite.auth.models import Invitation, Membership, Role, User
from eventsite.chapters.models import Chapter

__all__ = ["Chapter", "Invitation", "Membership", "Role", "User"]
