"""Rules of the prisoner directory as plain functions: check, save, address confidence."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select

from eventsite.auth.models import User
from eventsite.chapters.models import Chapter
from eventsite.core.countries import destination_codes
from eventsite.errors import DomainError
from eventsite.extensions import db, utcnow
from eventsite.prisoners import names
from eventsite.prisoners.address import ADDRESS_STALE_DAYS, AddressState, address_state
from eventsite.prisoners.custody import Article
from eventsite.prisoners.envelope import Addressee, Envelope, Sender, build_envelope
from eventsite.prisoners.facts import PrisonerFacts, facts_of
from eventsite.prisoners.kinds import NO_POST_FACILITIES
from eventsite.prisoners.models import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    Prisoner,
    PrisonerChange,
    PrisonerMailRoute,
    PrisonerRestriction,
    PrisonerStatus,
    PrisonerTag,
    Restriction,
    ReturnedLetter,
    ReturnReason,
    UnconfirmedReason,
    derived_columns,
)
from eventsite.prisoners.text import normalise, transliterate

# Plain columns a form or a CSV row sets.
TEXT_FIELDS = (
    "external_id",
    "name_ru",
    "surname",
    "given_name",
    "patronymic",
    "name_latin",
    "postal_code",
    "region",
    "town",
    "street",
    "facility",
    "facility_country",
    "case_name",
    "sentence",
    "bio",
    "interests",
    "writer_notes",
    "restrictions",
    "mail_notes",
    "forwarding_url",
    "source_url",
)
DATE_FIELDS = ("birth_date", "arrest_date", "last_reviewed")
VALUE_FIELDS = (
    "external_source",
    "status",
    "gender",
    "birth_year",
    "facility_type",
    "custody",
    "reply_form",
)
SET_FIELDS = ("tags", "mail_routes", "restriction_codes", "articles")
# Longest text per field, for the form and the CSV import alike (one home for both).
MAX_LENGTH = {
    "external_id": 64,
    "name_ru": 200,
    "surname": 100,
    "given_name": 100,
    "patronymic": 100,
    "name_latin": 200,
    "postal_code": 12,
    "region": 200,
    "town": 200,
    "street": 300,
    "facility": 300,
    "articles": 500,
    "facility_country": 8,
    "case_name": 300,
    "sentence": 300,
    "bio": 5000,
    "interests": 2000,
    "writer_notes": 2000,
    "restrictions": 2000,
    "mail_notes": 2000,
    "forwarding_url": 500,
    "source_url": 500,
    "tags": 500,
}
# The history keeps old → new values except for these free texts, where it only names the field.
LONG_FIELDS = {"bio", "interests", "writer_notes", "restrictions", "mail_notes"}
OLDEST_BIRTH = date(1900, 1, 1)
YOUNGEST_AGE = 14  # the age of criminal responsibility in Russia
POSTAL_CODE = re.compile(r"^\d{6}$")
TAG = re.compile(r"^[\w-]{1,40}$")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass
class PrisonerData:
    """Everything a form or a CSV row says about a prisoner, already parsed.

    With a surname and a given name, the full name is made of the parts; without them,
    `name_ru` is the name as given (not split for certain: it waits for review).
    """

    name_ru: str = ""
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    gender: Gender | None = None
    status: PrisonerStatus = PrisonerStatus.ACTIVE
    external_source: IdSource = IdSource.OWN
    external_id: str | None = None
    name_latin: str = ""  # their own Latin spelling; empty: transliterated
    birth_date: date | None = None
    birth_year: int | None = None
    postal_code: str = ""
    region: str = ""
    town: str = ""
    street: str = ""
    facility: str = ""
    facility_type: FacilityType | None = None
    facility_country: str = "RU"
    custody: CustodyStatus | None = None
    articles: tuple[Article, ...] = ()
    case_name: str = ""
    arrest_date: date | None = None
    sentence: str = ""
    bio: str = ""
    interests: str = ""
    writer_notes: str = ""
    restrictions: str = ""  # free text, beyond the fixed list
    restriction_codes: tuple[Restriction, ...] = ()
    mail_notes: str = ""
    forwarding_url: str = ""
    reply_form: bool = False
    source_url: str = ""
    last_reviewed: date | None = None
    tags: tuple[str, ...] = ()
    mail_routes: tuple[MailRoute, ...] = ()
    # Not stored as such: "I checked this address today" (sets last_reviewed, clears doubts).
    address_checked: bool = field(default=False, compare=False)

    def __post_init__(self):
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, value.strip())
        for name in ("name_ru", "surname", "given_name", "patronymic", "name_latin"):
            setattr(self, name, " ".join(getattr(self, name).split()))
        self.external_id = self.external_id or None
        self.facility_country = (self.facility_country or "RU").upper()
        parts = names.NameParts(self.surname, self.given_name, self.patronymic)
        if parts.complete:
            self.name_ru = parts.full
            if self.gender is None:
                self.gender = names.guess_gender(parts)
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year
        if self.name_latin and self.name_latin == transliterate(self.name_ru):
            self.name_latin = ""  # the transliteration is derived, not their own
        self.tags = tuple(sorted({normalise_tag(t) for t in self.tags if t.strip()}))
        self.mail_routes = tuple(sorted(set(self.mail_routes)))
        self.restriction_codes = tuple(sorted(set(self.restriction_codes)))
        self.articles = tuple(dict.fromkeys(self.articles))

    @property
    def parts(self) -> names.NameParts:
        return names.NameParts(self.surname, self.given_name, self.patronymic)

    def values(self) -> dict:
        """Return the comparable values, keyed like `current_values`."""
        keys = (*TEXT_FIELDS, *DATE_FIELDS, *VALUE_FIELDS, *SET_FIELDS)
        return {name: getattr(self, name) for name in keys}


def normalise_tag(tag: str) -> str:
    return "-".join(normalise(tag).split())


def parse_tags(text: str) -> tuple[str, ...]:
    """Split a tag list written with commas or semicolons."""
    return tuple(t for t in re.split(r"[,;]", text or "") if t.strip())


def check(data: PrisonerData, today: date) -> dict[str, str]:
    """Return what is wrong with the data, as field → message (empty when all is well)."""
    errors = {}
    # Messages are made only when needed: an import checks thousands of rows.
    if data.surname or data.given_name or data.patronymic:
        if not data.surname:
            errors["surname"] = _("The surname is required.")
        if not data.given_name:
            errors["given_name"] = _("The given name is required.")
        for name in ("surname", "given_name", "patronymic"):
            value = getattr(data, name)
            if value and not CYRILLIC.search(value):
                errors.setdefault(name, _("Write the name in Cyrillic letters."))
    elif not data.name_ru:
        errors["name_ru"] = _("The name in Cyrillic is required.")
    elif not CYRILLIC.search(data.name_ru):
        errors["name_ru"] = _("Write the name in Cyrillic letters.")
    if data.birth_date is not None:
        if data.birth_date >= today:
            errors["birth_date"] = _("The birth date must be in the past.")
        elif data.birth_date < OLDEST_BIRTH or data.birth_date > _years_before(today, YOUNGEST_AGE):
            errors["birth_date"] = _(
                "This birth date is not plausible (born after 1900, at least %(age)d years old).",
                age=YOUNGEST_AGE,
            )
    elif data.birth_year is not None and not (
        OLDEST_BIRTH.year <= data.birth_year <= today.year - YOUNGEST_AGE
    ):
        errors["birth_date"] = _(
            "This year of birth is not plausible (born after 1900, at least %(age)d years old).",
            age=YOUNGEST_AGE,
        )
    if data.arrest_date is not None and data.arrest_date > today:
        errors["arrest_date"] = _("The arrest date cannot be in the future.")
    if data.postal_code and not POSTAL_CODE.match(data.postal_code):
        errors["postal_code"] = _("A postal code has six digits.")
    if data.facility_country not in destination_codes():
        errors["facility_country"] = _(
            "Facilities can be in: %(codes)s.", codes=", ".join(destination_codes())
        )
    if data.status == PrisonerStatus.ACTIVE and data.facility_type not in NO_POST_FACILITIES:
        if not data.postal_code:
            errors.setdefault(
                "postal_code", _("An active prisoner needs a postal code for the envelope.")
            )
        if not data.region:
            errors.setdefault("region", _("An active prisoner needs a region for the envelope."))
        if not data.facility:
            errors.setdefault(
                "facility", _("An active prisoner needs a facility for the envelope.")
            )
    for name in ("source_url", "forwarding_url"):
        if getattr(data, name) and not re.match(r"^https?://", getattr(data, name)):
            errors[name] = _("A link starts with http:// or https://.")
    if MailRoute.FORWARDING in data.mail_routes and not data.forwarding_url:
        errors["forwarding_url"] = _("Letters forwarded by a support group need the group's link.")
    bad_tags = [t for t in data.tags if not TAG.match(t)]
    if bad_tags:
        errors["tags"] = _("Tags are single words or words-with-hyphens: %(tags)s", tags=bad_tags)
    lengths = {name: len(getattr(data, name) or "") for name in TEXT_FIELDS}
    lengths["tags"] = len(", ".join(data.tags))
    for name, length in lengths.items():
        if length > MAX_LENGTH[name]:
            errors[name] = _(
                "%(field)s: at most %(max)d characters (this has %(n)d).",
                field=name,
                max=MAX_LENGTH[name],
                n=length,
            )
    return errors


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def current_values(prisoner: Prisoner) -> dict:
    data = {name: getattr(prisoner, name) for name in (*TEXT_FIELDS, *DATE_FIELDS, *VALUE_FIELDS)}
    data["name_latin"] = prisoner.name_latin if prisoner.name_latin_own else ""
    data["tags"] = tuple(sorted(prisoner.tag_names))
    data["mail_routes"] = tuple(sorted(prisoner.route_names))
    data["restriction_codes"] = tuple(sorted(prisoner.restriction_codes))
    data["articles"] = tuple(Article.from_dict(a) for a in prisoner.articles or ())
    return data


def differences(
    prisoner: Prisoner | None, data: PrisonerData, old: dict | None = None
) -> dict[str, tuple]:
    """Return field → (old, new) for every field the data would change (`old`: known values)."""
    new = data.values()
    if old is None:
        old = current_values(prisoner) if prisoner is not None else _blank()
    return {name: (old[name], value) for name, value in new.items() if old[name] != value}


def _blank() -> dict:
    return dict.fromkeys((*TEXT_FIELDS, *DATE_FIELDS, *VALUE_FIELDS, *SET_FIELDS))


def _history_value(value):
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def apply(
    prisoner: Prisoner | None,
    data: PrisonerData,
    user: User | None,
    *,
    today: date,
    source: str = "form",
) -> Prisoner:
    """Create or update a prisoner from checked data and record the change; return it.

    A change of status away from "in prison" marks the address unconfirmed; a check of
    the address (ticked, or a "checked on" date since the doubt arose) clears it.
    """
    errors = check(data, today)
    if errors:
        raise DomainError("invalid_prisoner", " ".join(errors.values()))
    changed = differences(prisoner, data)
    if prisoner is not None and not changed and not data.address_checked:
        return prisoner
    if prisoner is None:
        prisoner = Prisoner()
        db.session.add(prisoner)
    for name in (*TEXT_FIELDS, *DATE_FIELDS, *VALUE_FIELDS):
        if name in changed:
            setattr(prisoner, name, changed[name][1])
    if "name_latin" in changed:
        prisoner.name_latin_own = bool(data.name_latin)
    if "articles" in changed:
        prisoner.articles = [a.as_dict() for a in data.articles]
    _sync(prisoner, "tags", PrisonerTag, "tag", data.tags, changed)
    _sync(prisoner, "mail_routes", PrisonerMailRoute, "route", data.mail_routes, changed)
    _sync(
        prisoner,
        "restriction_rows",
        PrisonerRestriction,
        "code",
        data.restriction_codes,
        changed,
        key="restriction_codes",
    )
    before = prisoner.address_unconfirmed_on
    if data.address_checked:
        prisoner.last_reviewed = today
        _clear_doubt(prisoner)
    elif "status" in changed and data.status != PrisonerStatus.ACTIVE:
        _doubt(prisoner, UnconfirmedReason.STATUS, today)
    elif (
        prisoner.address_unconfirmed_on is not None
        and prisoner.last_reviewed is not None
        and prisoner.last_reviewed >= prisoner.address_unconfirmed_on
        and "last_reviewed" in changed
    ):
        _clear_doubt(prisoner)
    history = _history(changed)
    if prisoner.address_unconfirmed_on != before:
        history["address_unconfirmed_on"] = [
            _history_value(before),
            _history_value(prisoner.address_unconfirmed_on),
        ]
    if data.address_checked and "last_reviewed" not in history:
        history["last_reviewed"] = [None, today.isoformat()]
    prisoner.last_edited_by = user
    prisoner.last_edited_at = utcnow()
    # Through the backref, so an update does not load the whole history first.
    db.session.add(PrisonerChange(prisoner=prisoner, user=user, source=source, changes=history))
    return prisoner


def _sync(prisoner, relation, model, column, wanted, changed, key=None) -> None:
    if (key or relation) not in changed:
        return
    rows = getattr(prisoner, relation)
    kept = [r for r in rows if getattr(r, column) in wanted]
    have = {getattr(r, column) for r in kept}
    setattr(prisoner, relation, kept + [model(**{column: v}) for v in wanted if v not in have])


def _doubt(prisoner: Prisoner, reason: UnconfirmedReason, today: date) -> None:
    if prisoner.address_unconfirmed_on is None or reason == UnconfirmedReason.RETURNED:
        prisoner.address_unconfirmed_on = today
        prisoner.address_unconfirmed_reason = reason


def _clear_doubt(prisoner: Prisoner) -> None:
    prisoner.address_unconfirmed_on = None
    prisoner.address_unconfirmed_reason = None


_EMPTY = (None, "", (), False)


def _history(changed: dict[str, tuple]) -> dict:
    return {
        name: None if name in LONG_FIELDS else [_history_value(old), _history_value(new)]
        for name, (old, new) in changed.items()
    }


def create_many(
    items: list[PrisonerData], user: User | None, *, source: str, today: date
) -> list[int]:
    """Insert checked new prisoners in a few statements (an import of thousands); return ids."""
    if not items:
        return []
    now = utcnow()
    user_id = user.id if user else None
    rows = []
    for data in items:
        values = {name: getattr(data, name) for name in (*TEXT_FIELDS, *DATE_FIELDS, *VALUE_FIELDS)}
        active = data.status == PrisonerStatus.ACTIVE
        values.update(
            name_latin_own=bool(data.name_latin),
            articles=[a.as_dict() for a in data.articles],
            address_unconfirmed_on=None if active else today,
            address_unconfirmed_reason=None if active else UnconfirmedReason.STATUS,
            created_at=now,
            last_edited_at=now,
            last_edited_by_id=user_id,
        )
        rows.append(values | derived_columns(values))
    ids = db.session.scalars(
        insert(Prisoner).returning(Prisoner.id, sort_by_parameter_order=True), rows
    ).all()
    pairs = list(zip(ids, items, strict=True))
    children: tuple[tuple[type, list[dict[str, Any]]], ...] = (
        (PrisonerTag, [{"prisoner_id": i, "tag": t} for i, d in pairs for t in d.tags]),
        (
            PrisonerMailRoute,
            [{"prisoner_id": i, "route": r} for i, d in pairs for r in d.mail_routes],
        ),
        (
            PrisonerRestriction,
            [{"prisoner_id": i, "code": c} for i, d in pairs for c in d.restriction_codes],
        ),
        (
            PrisonerChange,
            [
                {
                    "prisoner_id": i,
                    "user_id": user_id,
                    "changed_at": now,
                    "source": source,
                    "changes": _history(
                        {k: v for k, v in differences(None, d).items() if v[1] not in _EMPTY}
                    ),
                }
                for i, d in pairs
            ],
        ),
    )
    for model, many in children:
        if many:
            db.session.execute(insert(model), many)
    return list(ids)


def external_id_taken(source: IdSource, external_id: str | None, prisoner_id: int | None) -> bool:
    if not external_id:
        return False
    query = select(Prisoner.id).where(
        Prisoner.external_source == source, Prisoner.external_id == external_id
    )
    if prisoner_id is not None:
        query = query.where(Prisoner.id != prisoner_id)
    return db.session.scalar(query) is not None


def record_returned_letter(
    prisoner: Prisoner,
    *,
    returned_on: date,
    reason: ReturnReason,
    note: str,
    chapter: Chapter | None,
    user: User | None,
    today: date,
) -> ReturnedLetter:
    """Record a letter that came back; the address is unconfirmed until checked again."""
    reason = ReturnReason(reason)
    if returned_on > today:
        raise DomainError("future", _("A letter cannot come back in the future."))
    if returned_on < date(2000, 1, 1):
        raise DomainError("too_old", _("That date is too long ago to matter."))
    letter = ReturnedLetter(
        prisoner=prisoner,
        returned_on=returned_on,
        reason=reason,
        note=" ".join((note or "").split())[:300],
        chapter=chapter,
        recorded_by=user,
    )
    db.session.add(letter)
    before = prisoner.address_unconfirmed_on
    _doubt(prisoner, UnconfirmedReason.RETURNED, today)
    db.session.add(
        PrisonerChange(
            prisoner=prisoner,
            user=user,
            source="returned",
            changes={
                "returned_letter": [None, f"{returned_on.isoformat()} {reason.value}"],
                "address_unconfirmed_on": [
                    _history_value(before),
                    _history_value(prisoner.address_unconfirmed_on),
                ],
            },
        )
    )
    return letter


def confirm_address(prisoner: Prisoner, user: User | None, today: date) -> None:
    """Record that someone checked the address today: it is good again."""
    before = (prisoner.last_reviewed, prisoner.address_unconfirmed_on)
    prisoner.last_reviewed = today
    _clear_doubt(prisoner)
    prisoner.last_edited_by, prisoner.last_edited_at = user, utcnow()
    db.session.add(
        PrisonerChange(
            prisoner=prisoner,
            user=user,
            source="check",
            changes={
                "last_reviewed": [_history_value(before[0]), today.isoformat()],
                "address_unconfirmed_on": [_history_value(before[1]), None],
            },
        )
    )


def state_of(prisoner: Prisoner, today: date, stale_days: int = ADDRESS_STALE_DAYS) -> AddressState:
    """How far the address on file can be trusted today."""
    return address_state(
        status=prisoner.status,
        facility_type=prisoner.facility_type,
        unconfirmed_on=prisoner.address_unconfirmed_on,
        unconfirmed_reason=prisoner.address_unconfirmed_reason,
        last_reviewed=prisoner.last_reviewed,
        has_address=bool(prisoner.postal_code and prisoner.facility),
        today=today,
        stale_days=stale_days,
    )


def parts_of(prisoner: Prisoner) -> names.NameParts | None:
    parts = names.NameParts(prisoner.surname, prisoner.given_name, prisoner.patronymic)
    return parts if parts.complete else None


def salutation_of(prisoner: Prisoner) -> str:
    """The Russian opening line for a letter to this prisoner."""
    parts = parts_of(prisoner)
    return names.salutation(parts, prisoner.gender) if parts else "Здравствуйте!"


def envelope_for(
    prisoner: Prisoner,
    chapter: Chapter | None,
    today: date,
    stale_days: int = ADDRESS_STALE_DAYS,
) -> Envelope:
    """The envelope block for a prisoner, as a chapter (or, with None, anyone) posts it."""
    parts = parts_of(prisoner)
    addressee = Addressee(
        name=prisoner.name_ru,
        name_dative=names.dative(parts, prisoner.gender) if parts else None,
        birth_year=prisoner.birth_year,
        facility=prisoner.facility,
        street=prisoner.street,
        town=prisoner.town,
        region=prisoner.region,
        postal_code=prisoner.postal_code,
        country=prisoner.facility_country,
    )
    sender = None
    if chapter is not None:
        sender = Sender(
            lines=tuple(chapter.return_address.splitlines()), country=chapter.posts_from or None
        )
    return build_envelope(addressee, sender, state_of(prisoner, today, stale_days))


def letter_check_facts(prisoner_id: int) -> PrisonerFacts | None:
    """What the letter check needs to know about a prisoner (None: no such prisoner)."""
    prisoner = db.session.get(Prisoner, prisoner_id)
    return facts_of(prisoner) if prisoner is not None else None
