import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

MAX_COUNT = 999
COUNT_RE = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True, int() fails


class PostedForm(FlaskForm):
    posted_on = DateField(_l("Posted on"), default=date.today, validators=[InputRequired()])
    method = RadioField(
        _l("How"),
        choices=[
            SelectChoice("post", _l("By post")),
            SelectChoice("electronic", _l("Through the prison service's electronic letters")),
        ],
        default="post",
    )

    def validate_posted_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("That date is in the future."))


def parse_counts(form, prisoner_ids) -> tuple[dict[int, tuple[int, int]], list[str]]:
    """Read `letters-<id>` and `postcards-<id>` fields: whole numbers from 0 to 999."""
    counts, errors = {}, []
    for prisoner_id in prisoner_ids:
        pair = []
        for kind in ("letters", "postcards"):
            raw = (form.get(f"{kind}-{prisoner_id}") or "0").strip() or "0"
            if not COUNT_RE.fullmatch(raw):
                errors.append(f"{kind}-{prisoner_id}")
                pair.append(0)
            else:
                pair.append(int(raw))
        counts[prisoner_id] = tuple(pair)
    return counts, errors
