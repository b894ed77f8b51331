from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length

from eventsite.core.forms import PersonName


class WalkInForm(FlaskForm):
    name = StringField(
        _l("Name or pseudonym"), validators=[InputRequired(), Length(max=120), PersonName()]
    )
    reads_russian = BooleanField(_l("Reads and writes Russian"))
