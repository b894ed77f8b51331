from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from eventsite.auth.models import Role
from eventsite.core.forms import SelectChoice

PASSWORD_MIN = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=500)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class NewPasswordMixin:
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(),
            Length(
                min=PASSWORD_MIN,
                max=500,
                message=_l("Choose a password of at least %(num)d characters.", num=PASSWORD_MIN),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class AcceptInviteForm(NewPasswordMixin, FlaskForm):
    name = StringField(
        _l("Your name (as other organizers and hosts will see it)"),
        validators=[InputRequired(), Length(max=120)],
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Their email"),
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(
                Role.HOST.value, _l("Host — runs the evening: check-in, tables, printing")
            ),
            SelectChoice(
                Role.ORGANIZER.value,
                _l("Organizer — everything a host does, plus evenings and people"),
            ),
        ],
        default=Role.HOST.value,
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass
