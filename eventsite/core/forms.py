"""What every feature's forms share."""

from typing import TypeVar

from flask_wtf import FlaskForm

# WTForms 3.3's choice type; the types-WTForms stubs still describe 3.2, which had only tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

__all__ = ["EmptyForm", "SelectChoice", "required"]

T = TypeVar("T")


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that POST."""


def required(value: T | None) -> T:
    """The data of a field InputRequired has checked: never None once the form validated."""
    if value is None:
        raise ValueError("a required field is empty: validate the form before reading it")
    return value
