from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from eventsite.core.forms import AsciiIntegerField, SelectChoice, required
from eventsite.events.services import Schedule


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    day = DateField(_l("Date"), validators=[InputRequired()])
    starts = TimeField(_l("Starts at"), validators=[InputRequired()])
    ends = TimeField(_l("Ends at"), validators=[InputRequired()])
    venue_name = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    venue_address = TextAreaField(_l("Venue address"), validators=[Optional(), Length(max=1000)])
    address_visibility = RadioField(
        _l("Who sees the address"),
        choices=[
            SelectChoice("public", _l("Everyone (shown on the public page)")),
            SelectChoice("attendees", _l("Only confirmed attendees")),
        ],
        default="public",
    )
    capacity = AsciiIntegerField(
        _l("Seats"), default=20, validators=[InputRequired(), NumberRange(min=1, max=2000)]
    )
    deadline_day = DateField(_l("Sign-up closes on (optional)"), validators=[Optional()])
    deadline_time = TimeField(_l("at"), validators=[Optional()])

    def validate_deadline_day(self, field):
        if field.data and self.day.data and field.data > self.day.data:
            raise ValidationError(_l("Sign-up must close before the evening, not after."))

    def schedule(self) -> Schedule:
        return Schedule(
            day=required(self.day.data),
            starts=required(self.starts.data),
            ends=required(self.ends.data),
            deadline_day=self.deadline_day.data,
            deadline_time=self.deadline_time.data,
        )

    def event_fields(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "title",
                "description",
                "venue_name",
                "venue_address",
                "address_visibility",
                "capacity",
            )
        }


class NewEventForm(EventForm):
    repeat = SelectField(
        _l("Repeat"),
        choices=[
            SelectChoice("none", _l("Just this once")),
            SelectChoice("weekly", _l("Every week")),
            SelectChoice("biweekly", _l("Every other week")),
            SelectChoice("monthly_nth", _l("Every month on the same weekday (e.g. 2nd Tuesday)")),
            SelectChoice("monthly_last", _l("Every month on the last such weekday")),
        ],
        default="none",
    )
    count = AsciiIntegerField(
        _l("How many evenings in the series"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=52)],
    )
