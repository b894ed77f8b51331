import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from eventsite.core.countries import ORIGINS
from eventsite.core.forms import AsciiIntegerField, SelectChoice
from eventsite.core.paper import PAPER_LABELS
from eventsite.core.zones import zone_menu, zone_option

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def country_choices() -> list[SelectChoice]:
    """Where a chapter may post from, by English name; the codes are what is stored."""
    countries = sorted(ORIGINS, key=lambda c: c.name_en)
    blank = SelectChoice("", _l("Not set (envelopes then name the country in two languages)"))
    return [blank] + [SelectChoice(c.code, f"{c.name_en} · {c.name_ru}") for c in countries]


class ChapterSettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    timezone = SelectField(_l("Time zone"), default="Europe/Berlin")
    contact_email = EmailField(
        _l("Contact email (shown to attendees)"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
    return_address = TextAreaField(
        _l("Return address for letters (writers use it instead of their own)"),
        validators=[Optional(), Length(max=1000)],
    )
    postal_delay_days = AsciiIntegerField(
        _l("Postal delay in days (how long a letter takes to arrive)"),
        default=21,
        validators=[InputRequired(), NumberRange(min=0, max=120)],
    )
    paper_size = SelectField(
        _l("Paper for printing"),
        choices=[SelectChoice(p, label) for p, label in PAPER_LABELS.items()],
        default="a4",
    )
    posts_from = SelectField(
        _l("We post letters from"), choices=country_choices(), default="", validate_choice=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        menu = zone_menu()
        # A chapter saved before the menu was pruned may hold an alias (Europe/Kiev): it
        # stays choosable for that chapter, so saving other settings does not fail.
        kept = getattr(kwargs.get("obj"), "timezone", None)
        if kept and kept not in menu:
            menu = [kept, *menu]
        self.timezone.choices = [SelectChoice(tz, zone_option(tz)) for tz in menu]


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("host", _l("host")), SelectChoice("organizer", _l("organizer"))],
        validate_choice=True,
    )


class NewChapterForm(ChapterSettingsForm):
    slug = StringField(
        _l("Short name for the web address (/c/…): lowercase letters, digits and hyphens"),
        validators=[InputRequired(), Length(min=2, max=60)],
    )

    def validate_slug(self, field):
        if not SLUG_RE.match(field.data or ""):
            raise ValidationError(_l("Use lowercase latin letters, digits and single hyphens."))
