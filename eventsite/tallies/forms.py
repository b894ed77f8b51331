import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired, ValidationError

from eventsite.core.forms import SelectChoice
from eventsite.tallies.labels import POSTING_CHOICES
from eventsite.tallies.models import PostingMethod

MAX_COUNT = 999
COUNT_RE = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True, int() fails


class PostedForm(FlaskForm):
    posted_on = DateField(_l("Posted on"), default=date.today, validators=[InputRequired()])
    method = RadioField(
        _l("How"),
        choices=[SelectChoice(m.value, label) for m, label in POSTING_CHOICES.items()],
        default=PostingMethod.POST.value,
    )

    def validate_posted_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("That date is in the future."))


def parse_counts(form, prisoner_ids) -> tuple[dict[int, tuple[int, int]], list[str]]:
    """Read `letters-<id>` and `postcards-<id>` fields: whole numbers from 0 to 999."""
    counts: dict[int, tuple[int, int]] = {}
    errors: list[str] = []

    def count(kind: str, prisoner_id: int) -> int:
        raw = (form.get(f"{kind}-{prisoner_id}") or "0").strip() or "0"
        if not COUNT_RE.fullmatch(raw):
            errors.append(f"{kind}-{prisoner_id}")
            return 0
        return int(raw)

    for prisoner_id in prisoner_ids:
        counts[prisoner_id] = (count("letters", prisoner_id), count("postcards", prisoner_id))
    return counts, errors
