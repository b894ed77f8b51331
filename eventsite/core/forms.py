import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField

DIGITS = re.compile(r"[0-9]{1,9}")


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that POST."""


class AsciiIntegerField(IntegerField):
    """A whole number typed in ASCII digits; int() alone also takes "١٢", "１２" or "1_000"."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = valuelist[0].strip()
        if not raw:
            self.data = None
            return
        if not DIGITS.fullmatch(raw):
            self.data = None
            raise ValueError(_l("Write a whole number with the digits 0–9."))
        self.data = int(raw)
