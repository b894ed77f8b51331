from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from eventsite.core.forms import PersonName


class RsvpForm(FlaskForm):
    name = StringField(
        _l("Name or pseudonym"),
        validators=[InputRequired(), Length(max=120), PersonName()],
    )
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    reads_russian = BooleanField(_l("I can read and write Russian"))
    first_time = BooleanField(_l("This is my first letter evening"))
    note = TextAreaField(
        _l("A note for the hosts (optional)"), validators=[Optional(), Length(max=500)]
    )


class AddPersonForm(FlaskForm):
    """An organizer adds someone by hand."""

    name = StringField(
        _l("Name or pseudonym"), validators=[InputRequired(), Length(max=120), PersonName()]
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
    reads_russian = BooleanField(_l("Reads and writes Russian"))
    first_time = BooleanField(_l("First letter evening"))
    notify = BooleanField(_l("Send them the confirmation email"), default=True)


class PersonForm(FlaskForm):
    """Correct a sign-up's name or flags."""

    name = StringField(
        _l("Name or pseudonym"), validators=[InputRequired(), Length(max=120), PersonName()]
    )
    reads_russian = BooleanField(_l("Reads and writes Russian"))
    first_time = BooleanField(_l("First letter evening"))


class CancelPersonForm(FlaskForm):
    notify = BooleanField(_l("Tell them by email"))


class OwnDetailsForm(FlaskForm):
    """An attendee corrects their own sign-up."""

    name = StringField(
        _l("Name or pseudonym"), validators=[InputRequired(), Length(max=120), PersonName()]
    )
    reads_russian = BooleanField(_l("I can read and write Russian"))
    first_time = BooleanField(_l("This is my first letter evening"))


class MessageForm(FlaskForm):
    """Organizers write to an evening's people."""

    subject = StringField(_l("Subject line"), validators=[InputRequired(), Length(max=120)])
    body = TextAreaField(_l("Your message"), validators=[InputRequired(), Length(max=5000)])
    with_waitlist = BooleanField(_l("Also to the people on the waitlist"))
