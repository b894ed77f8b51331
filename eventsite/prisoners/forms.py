from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventsite.core.forms import SelectChoice
from eventsite.prisoners.labels import ROUTE_LABELS, STATUS_LABELS
from eventsite.prisoners.models import MailRoute, PrisonerStatus
from eventsite.prisoners.services import MAX_LENGTH, PrisonerData, parse_tags


def status_choices(blank=None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank else []
    return choices + [SelectChoice(s.value, STATUS_LABELS[s]) for s in PrisonerStatus]


class PrisonerForm(FlaskForm):
    name_ru = StringField(
        _l("Full name in Cyrillic (surname, first name, patronymic)"),
        validators=[InputRequired(), Length(max=MAX_LENGTH["name_ru"])],
    )
    name_latin = StringField(
        _l("Name in Latin letters (left blank: filled in from the Cyrillic)"),
        validators=[Optional(), Length(max=MAX_LENGTH["name_latin"])],
    )
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=status_choices(), default="active")
    postal_code = StringField(
        _l("Postal code"), validators=[Optional(), Length(max=MAX_LENGTH["postal_code"])]
    )
    region = StringField(
        _l("Region (e.g. Владимирская обл.)"), validators=[Length(max=MAX_LENGTH["region"])]
    )
    town = StringField(_l("Town (e.g. г. Покров)"), validators=[Length(max=MAX_LENGTH["town"])])
    street = StringField(_l("Street and house"), validators=[Length(max=MAX_LENGTH["street"])])
    facility = StringField(
        _l("Facility (e.g. ФКУ ИК-2 УФСИН России по Владимирской обл.)"),
        validators=[Length(max=MAX_LENGTH["facility"])],
    )
    arrest_date = DateField(_l("Arrest date"), validators=[Optional()])
    sentence = StringField(_l("Sentence"), validators=[Length(max=MAX_LENGTH["sentence"])])
    bio = TextAreaField(_l("Short biography"), validators=[Length(max=MAX_LENGTH["bio"])])
    interests = TextAreaField(_l("Interests"), validators=[Length(max=MAX_LENGTH["interests"])])
    writer_notes = TextAreaField(
        _l("Notes for writers"), validators=[Length(max=MAX_LENGTH["writer_notes"])]
    )
    restrictions = TextAreaField(
        _l("Restrictions (e.g. postcards only, no photos)"),
        validators=[Length(max=MAX_LENGTH["restrictions"])],
    )
    mail_routes = SelectMultipleField(
        _l("How mail reaches them"),
        choices=[SelectChoice(r.value, ROUTE_LABELS[r]) for r in MailRoute],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    mail_notes = TextAreaField(
        _l("Notes on mail"), validators=[Length(max=MAX_LENGTH["mail_notes"])]
    )
    tags = StringField(
        _l("Tags for themed evenings, separated by commas (e.g. women, journalists)"),
        validators=[Length(max=MAX_LENGTH["tags"])],
    )
    external_id = StringField(
        _l("Id in the source list (optional; CSV imports match on it)"),
        validators=[Optional(), Length(max=MAX_LENGTH["external_id"])],
    )
    source_url = URLField(
        _l("Source link"), validators=[Optional(), Length(max=MAX_LENGTH["source_url"])]
    )
    last_reviewed = DateField(_l("Last reviewed"), validators=[Optional()])

    def to_data(self) -> PrisonerData:
        return PrisonerData(
            name_ru=self.name_ru.data or "",
            status=PrisonerStatus(self.status.data),
            external_id=self.external_id.data,
            name_latin=self.name_latin.data or "",
            birth_date=self.birth_date.data,
            postal_code=self.postal_code.data or "",
            region=self.region.data or "",
            town=self.town.data or "",
            street=self.street.data or "",
            facility=self.facility.data or "",
            arrest_date=self.arrest_date.data,
            sentence=self.sentence.data or "",
            bio=self.bio.data or "",
            interests=self.interests.data or "",
            writer_notes=self.writer_notes.data or "",
            restrictions=self.restrictions.data or "",
            mail_notes=self.mail_notes.data or "",
            source_url=self.source_url.data or "",
            last_reviewed=self.last_reviewed.data,
            tags=parse_tags(self.tags.data or ""),
            mail_routes=tuple(MailRoute(r) for r in self.mail_routes.data or ()),
        )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])
