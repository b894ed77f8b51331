from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventsite.core.countries import DESTINATIONS
from eventsite.core.forms import SelectChoice
from eventsite.prisoners.custody import Article, format_articles, parse_articles
from eventsite.prisoners.labels import (
    CUSTODY_LABELS,
    FACILITY_LABELS,
    GENDER_LABELS,
    ID_SOURCE_LABELS,
    RESTRICTION_LABELS,
    RETURN_REASON_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
)
from eventsite.prisoners.models import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    PrisonerStatus,
    Restriction,
)
from eventsite.prisoners.services import MAX_LENGTH, PrisonerData, parse_tags


def status_choices(blank=None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank else []
    return choices + [SelectChoice(s.value, STATUS_LABELS[s]) for s in PrisonerStatus]


def _choices(labels: dict, blank=None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(key.value, label) for key, label in labels.items()]


def _enum(cls, value):
    return cls(value) if value else None


def _checkboxes(label, labels: dict) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=[SelectChoice(k.value, v) for k, v in labels.items()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class PrisonerForm(FlaskForm):
    surname = StringField(_l("Surname (Cyrillic)"), validators=[Length(max=MAX_LENGTH["surname"])])
    given_name = StringField(_l("Given name"), validators=[Length(max=MAX_LENGTH["given_name"])])
    patronymic = StringField(
        _l("Patronymic (if they have one)"), validators=[Length(max=MAX_LENGTH["patronymic"])]
    )
    gender = SelectField(
        _l("For «Дорогая» or «Дорогой» when there is no patronymic"),
        choices=_choices(GENDER_LABELS, blank=_l("Work it out from the name")),
        default="",
    )
    name_latin = StringField(
        _l("Their own spelling in Latin letters (left blank: transliterated)"),
        validators=[Optional(), Length(max=MAX_LENGTH["name_latin"])],
    )
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    birth_year = IntegerField(
        _l("…or only the year of birth, if the day is not known"),
        validators=[Optional(), NumberRange(min=1900, max=2100)],
    )
    status = SelectField(_l("Status"), choices=status_choices(), default="active")
    custody = SelectField(
        _l("Pre-trial or sentenced"),
        choices=_choices(CUSTODY_LABELS, blank=_l("Not known")),
        default="",
    )
    facility_type = SelectField(
        _l("Where they are held"),
        choices=_choices(FACILITY_LABELS, blank=_l("Not known")),
        default="",
    )
    facility_country = SelectField(
        _l("Country of the facility"),
        choices=[SelectChoice(c.code, f"{c.name_en} · {c.name_ru}") for c in DESTINATIONS],
        default="RU",
    )
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
    address_checked = BooleanField(_l("I checked this address today (it is confirmed again)"))
    articles = StringField(
        _l("Articles, separated by semicolons (e.g. ч. 2 ст. 207.3 УК РФ; ст. 280.3 УК РФ)"),
        validators=[Length(max=MAX_LENGTH["articles"])],
    )
    case_name = StringField(
        _l("Case (e.g. «дело „Сети“»)"), validators=[Length(max=MAX_LENGTH["case_name"])]
    )
    arrest_date = DateField(_l("Arrest date"), validators=[Optional()])
    sentence = StringField(_l("Sentence"), validators=[Length(max=MAX_LENGTH["sentence"])])
    bio = TextAreaField(_l("Short biography"), validators=[Length(max=MAX_LENGTH["bio"])])
    interests = TextAreaField(_l("Interests"), validators=[Length(max=MAX_LENGTH["interests"])])
    writer_notes = TextAreaField(
        _l("Notes for writers"), validators=[Length(max=MAX_LENGTH["writer_notes"])]
    )
    restriction_codes = _checkboxes(_l("Restrictions"), RESTRICTION_LABELS)
    restrictions = TextAreaField(
        _l("Other restrictions (free text)"), validators=[Length(max=MAX_LENGTH["restrictions"])]
    )
    mail_routes = _checkboxes(_l("How mail reaches them"), ROUTE_LABELS)
    forwarding_url = URLField(
        _l("Link of the support group that forwards letters"),
        validators=[Optional(), Length(max=MAX_LENGTH["forwarding_url"])],
    )
    reply_form = BooleanField(_l("A reply form can be bought (the e-letter service's paid reply)"))
    mail_notes = TextAreaField(
        _l("Notes on mail"), validators=[Length(max=MAX_LENGTH["mail_notes"])]
    )
    tags = StringField(
        _l("Tags for themed evenings, separated by commas (e.g. women, journalists)"),
        validators=[Length(max=MAX_LENGTH["tags"])],
    )
    external_source = SelectField(
        _l("Whose list the id is from"), choices=_choices(ID_SOURCE_LABELS), default="own"
    )
    external_id = StringField(
        _l("Id in the source list (optional; imports match on it)"),
        validators=[Optional(), Length(max=MAX_LENGTH["external_id"])],
    )
    source_url = URLField(
        _l("Source link"), validators=[Optional(), Length(max=MAX_LENGTH["source_url"])]
    )
    last_reviewed = DateField(_l("Address checked on"), validators=[Optional()])

    def validate_articles(self, field):
        _found, leftover = parse_articles(field.data or "", self.facility_country.data or "RU")
        if leftover:
            raise ValidationError(
                _l("Write articles like «ч. 2 ст. 207.3 УК РФ»; not understood: %(text)s")
                % {"text": leftover[:80]}
            )

    def fill_from(self, prisoner) -> None:
        """Set the fields a plain `obj=` cannot (lists, enums, the articles' text)."""
        self.tags.data = ", ".join(prisoner.tag_names)
        self.mail_routes.data = [r.value for r in prisoner.route_names]
        self.restriction_codes.data = [c.value for c in prisoner.restriction_codes]
        self.status.data = prisoner.status.value
        for name in ("gender", "custody", "facility_type"):
            value = getattr(prisoner, name)
            getattr(self, name).data = value.value if value else ""
        self.external_source.data = prisoner.external_source.value
        self.name_latin.data = prisoner.name_latin if prisoner.name_latin_own else ""
        self.articles.data = format_articles(Article.from_dict(a) for a in prisoner.articles or ())
        if prisoner.birth_date:
            self.birth_year.data = None

    def to_data(self, whole_name: str = "") -> PrisonerData:
        """The form as prisoner data; `whole_name` keeps an unsplit name when no parts are given."""
        articles, _leftover = parse_articles(self.articles.data or "", self.facility_country.data)
        return PrisonerData(
            name_ru=whole_name,
            surname=self.surname.data or "",
            given_name=self.given_name.data or "",
            patronymic=self.patronymic.data or "",
            gender=_enum(Gender, self.gender.data),
            status=PrisonerStatus(self.status.data),
            external_source=IdSource(self.external_source.data),
            external_id=self.external_id.data,
            name_latin=self.name_latin.data or "",
            birth_date=self.birth_date.data,
            birth_year=self.birth_year.data,
            postal_code=self.postal_code.data or "",
            region=self.region.data or "",
            town=self.town.data or "",
            street=self.street.data or "",
            facility=self.facility.data or "",
            facility_type=_enum(FacilityType, self.facility_type.data),
            facility_country=self.facility_country.data or "RU",
            custody=_enum(CustodyStatus, self.custody.data),
            articles=articles,
            case_name=self.case_name.data or "",
            arrest_date=self.arrest_date.data,
            sentence=self.sentence.data or "",
            bio=self.bio.data or "",
            interests=self.interests.data or "",
            writer_notes=self.writer_notes.data or "",
            restrictions=self.restrictions.data or "",
            restriction_codes=tuple(Restriction(c) for c in self.restriction_codes.data or ()),
            mail_notes=self.mail_notes.data or "",
            forwarding_url=self.forwarding_url.data or "",
            reply_form=bool(self.reply_form.data),
            source_url=self.source_url.data or "",
            last_reviewed=self.last_reviewed.data,
            tags=parse_tags(self.tags.data or ""),
            mail_routes=tuple(MailRoute(r) for r in self.mail_routes.data or ()),
            address_checked=bool(self.address_checked.data),
        )


class ReturnedLetterForm(FlaskForm):
    returned_on = DateField(_l("Came back on"), validators=[InputRequired()])
    reason = SelectField(_l("What the envelope says"), choices=_choices(RETURN_REASON_LABELS))
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=300)])
    chapter = SelectField(_l("Chapter that sent it"), coerce=int, validate_choice=True)


class ImportForm(FlaskForm):
    file = FileField(
        _l("List file (.csv, .xlsx or .ods)"),
        validators=[FileRequired(_l("Choose a CSV or spreadsheet file."))],
    )
    source = SelectField(
        _l("Whose ids are in the list"), choices=_choices(ID_SOURCE_LABELS), default="own"
    )
    sheet = StringField(
        _l("Sheet to read (name or number; blank: the first)"),
        validators=[Optional(), Length(max=100)],
    )
