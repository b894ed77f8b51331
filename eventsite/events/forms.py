from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from eventsite.core.forms import SelectChoice, required
from eventsite.events.services import Schedule
from eventsite.events.timeutil import repeat_dates


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
    capacity = IntegerField(
        _l("Seats"), default=20, validators=[InputRequired(), NumberRange(min=1, max=2000)]
    )
    deadline_day = DateField(_l("Sign-up closes on (optional)"), validators=[Optional()])
    deadline_time = TimeField(_l("at"), validators=[Optional()])
    record_past = BooleanField(
        _l("Record a past evening: it has already happened and goes into the reports")
    )
    below_confirmed = BooleanField(
        _l("Lower the seats anyway: everyone confirmed keeps their seat, no one new gets in")
    )

    scope = RadioField(
        _l("Change which evenings"),
        choices=[
            SelectChoice("this", _l("Only this evening")),
            SelectChoice("later", _l("This and all later evenings of the series")),
        ],
        default="this",
    )

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The evening must end after it starts."))

    def validate_deadline_day(self, field):
        if field.data and self.day.data and field.data > self.day.data:
            raise ValidationError(_l("Sign-up must close before the evening, not after."))

    def validate_deadline_time(self, field):
        if field.data and not self.deadline_day.data:
            raise ValidationError(_l("Give the day sign-up closes, too."))

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
    count = IntegerField(
        _l("How many evenings in the series"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=52)],
    )
    accept_skips = BooleanField(_l("Yes, skip the months that have no such day"))

    def dates(self) -> list[date]:
        return repeat_dates(required(self.day.data), self.repeat.data, self.count.data or 1)


class DuplicateForm(FlaskForm):
    day = DateField(_l("New date"), validators=[InputRequired()])


class CancelEventForm(FlaskForm):
    """Cancelling: an optional word to attendees and an evening to point them to."""

    reason = TextAreaField(
        _l("A word to the people signed up (optional)"),
        validators=[Optional(), Length(max=1000)],
    )
    instead = SelectField(
        _l("Point them to another evening (optional)"), choices=[], validate_choice=False
    )

    def __init__(self, evenings=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instead.choices = [SelectChoice("", str(_l("— none —")))] + [
            SelectChoice(str(e.id), e.title) for e in evenings
        ]

    def instead_id(self) -> int | None:
        value = self.instead.data or ""
        return int(value) if value.isdigit() else None  # unknown ids are dropped by the view
