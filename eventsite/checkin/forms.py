from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length


class WalkInForm(FlaskForm):
    name = StringField(_l("Name or pseudonym"), validators=[InputRequired(), Length(max=120)])
    reads_russian = BooleanField(_l("Reads and writes Russian"))
