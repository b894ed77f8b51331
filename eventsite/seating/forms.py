from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from eventsite.core.forms import SelectChoice


class AddTablesForm(FlaskForm):
    count = IntegerField(_l("Tables"), default=6, validators=[InputRequired(), NumberRange(1, 50)])
    seats = IntegerField(
        _l("Seats at each"), default=6, validators=[InputRequired(), NumberRange(1, 60)]
    )


class TableForm(FlaskForm):
    label = StringField(_l("Name"), validators=[InputRequired(), Length(max=40)])
    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(1, 60)])


class AutoAssignForm(FlaskForm):
    reshuffle = BooleanField(_l("Start over: also move people and prisoners placed by hand"))


class MoveForm(FlaskForm):
    """Move someone to a table; the empty choice means "no table"."""

    table = SelectField(_l("Table"), validate_choice=True)
    over_seats = BooleanField(_l("Seat them even though the table is full"))

    def __init__(self, tables, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = [("", str(_l("— no table —")))] + [(str(t.id), t.label) for t in tables]
        self.table.choices = [SelectChoice(value, label) for value, label in self._choices]

    def options(self) -> dict[str, Markup]:
        """Return the <option> list with each choice selected, keyed by that choice's value.

        A page moves hundreds of people: render the list once per table, not per person.
        """
        option = Markup('<option value="{}"{}>{}</option>')
        return {
            current: Markup("").join(
                option.format(value, " selected" if value == current else "", label)
                for value, label in self._choices
            )
            for current, _label in self._choices
        }

    def table_id(self) -> int | None:
        return int(self.table.data) if self.table.data else None
