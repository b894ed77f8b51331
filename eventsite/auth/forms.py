from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length

from eventsite.auth.models import Role

PASSWORD_MIN = 10


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=500)])
    remember = BooleanField("Keep me logged in on this device")


class NewPasswordMixin:
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(
                min=PASSWORD_MIN,
                max=500,
                message=f"Choose a password of at least {PASSWORD_MIN} characters.",
            ),
        ],
    )
    confirm = PasswordField(
        "Password again",
        validators=[InputRequired(), EqualTo("password", message="The passwords differ.")],
    )


class AcceptInviteForm(NewPasswordMixin, FlaskForm):
    name = StringField(
        "Your name (as other organizers and hosts will see it)",
        validators=[InputRequired(), Length(max=120)],
    )


class InviteForm(FlaskForm):
    email = EmailField(
        "Their email",
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = SelectField(
        "Role",
        choices=[
            SelectChoice(Role.HOST.value, "Host — runs the evening: check-in, tables, printing"),
            SelectChoice(
                Role.ORGANIZER.value, "Organizer — everything a host does, plus evenings and people"
            ),
        ],
        default=Role.HOST.value,
    )
