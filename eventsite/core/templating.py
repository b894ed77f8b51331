"""Things every template can use."""

from flask import Flask
from flask_login import current_user

from eventsite.core.forms import EmptyForm


def register(app: Flask) -> None:
    @app.context_processor
    def globals_():
        return {"current_user": current_user, "button_form": EmptyForm}
