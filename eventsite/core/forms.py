"""What every feature's forms share."""

from typing import TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

# WTForms 3.3's choice type; the types-WTForms stubs still describe 3.2, which had only tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

from eventsite.core.names import clean_name

__all__ = ["EmptyForm", "PersonName", "SelectChoice", "required"]

T = TypeVar("T")


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that POST."""


def required(value: T | None) -> T:
    """The data of a field InputRequired has checked: never None once the form validated."""
    if value is None:
        raise ValueError("a required field is empty: validate the form before reading it")
    return value


class PersonName:
    """A name or pseudonym with at least one letter; the field's data is cleaned up."""

    def __call__(self, form, field) -> None:
        name = clean_name(field.data)
        if name is None:
            raise ValidationError(_l("A name needs at least one letter."))
        field.data = name
