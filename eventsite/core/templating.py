"""Things every template can use."""

from flask import Flask
from flask_babel import format_date, format_datetime, get_locale, lazy_gettext
from flask_login import current_user

from eventsite.auth.models import Role
from eventsite.core.forms import EmptyForm
from eventsite.core.i18n import LANGUAGES

ROLE_LABELS = {Role.ORGANIZER: lazy_gettext("organizer"), Role.HOST: lazy_gettext("host")}


def role_label(role: Role | None) -> str:
    return str(ROLE_LABELS[role]) if role else ""


def button_form() -> EmptyForm:
    """Return a form for a button's CSRF token, without reading the request body.

    Reading it would fail again on the error page for a too-large request (413).
    """
    return EmptyForm(formdata=None)


def register(app: Flask) -> None:
    @app.context_processor
    def globals_():
        return {
            "current_user": current_user,
            "button_form": button_form,
            "languages": LANGUAGES,
            "current_locale": lambda: str(get_locale() or "en"),
            "role_label": role_label,
            "format_datetime": format_datetime,
            "format_date": format_date,
        }
