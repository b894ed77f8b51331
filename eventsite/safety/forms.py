from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

MAX_DRAFT_CHARS = 20_000


class LetterCheckForm(FlaskForm):
    text = TextAreaField(
        _l("Your draft"),
        validators=[InputRequired(_l("Paste your draft first.")), Length(max=MAX_DRAFT_CHARS)],
    )
