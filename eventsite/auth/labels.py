"""What the chapter roles are called on pages and in emails."""

from flask_babel import lazy_gettext as _l

from eventsite.auth.models import Role

ROLE_LABELS = {Role.ORGANIZER: _l("organizer"), Role.HOST: _l("host")}


def role_label(role: Role | None) -> str:
    return str(ROLE_LABELS[role]) if role else ""
