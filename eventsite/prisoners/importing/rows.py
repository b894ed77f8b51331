"""One row of a list, read into prisoner fields, with every error and every decision said.

Nothing here stops at the first problem: a row comes back with all its errors (shown
together in the preview), the notes on how unusual cells were read, and the reasons a
person should look at it (the row is imported, but marked).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from eventsite.core.countries import DESTINATIONS, names_of
from eventsite.prisoners import custody, names, restrictions
from eventsite.prisoners.importing.addresses import split_address
from eventsite.prisoners.importing.dates import read_date
from eventsite.prisoners.importing.exporting import unsafe_cell
from eventsite.prisoners.importing.messages import gettext as _
from eventsite.prisoners.importing.messages import label
from eventsite.prisoners.labels import (
    CUSTODY_LABELS,
    FACILITY_LABELS,
    RESTRICTION_LABELS,
    STATUS_LABELS,
)
from eventsite.prisoners.models import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    PrisonerStatus,
)
from eventsite.prisoners.services import parse_tags

PLAIN = (
    "external_id",
    "name_latin",
    "postal_code",
    "region",
    "town",
    "street",
    "facility",
    "case_name",
    "sentence",
    "bio",
    "interests",
    "writer_notes",
    "mail_notes",
    "forwarding_url",
    "source_url",
)
ADDRESS_FIELDS = ("postal_code", "region", "town", "street", "facility")
GENDER_WORDS = {
    Gender.FEMALE: {"f", "ж", "жен", "женский", "женщина", "female", "woman", "w"},
    Gender.MALE: {"m", "м", "муж", "мужской", "мужчина", "male", "man"},
}
ROUTE_WORDS = {
    MailRoute.POST: {"post", "почта", "бумажная почта", "почтой", "письмо", "письма", "paper"},
    MailRoute.ELECTRONIC: {
        "electronic",
        "фсин-письмо",
        "фсин письмо",
        "фсинписьмо",
        "e-letter",
        "электронное письмо",
    },
    MailRoute.ZONATELECOM: {"zonatelecom", "зонателеком", "зона телеком"},
    MailRoute.FORWARDING: {"forwarding", "пересылка", "через группу поддержки"},
}
SOURCE_WORDS = {
    IdSource.OWN: {"own", "свой", "наш", "own list", "свой список"},
    IdSource.MEMORIAL: {"memorial", "мемориал", "поддержка политзаключенных"},
    IdSource.OVD_INFO: {"ovd_info", "ovd-info", "овд-инфо", "овд инфо"},
    IdSource.SOLIDARITY_ZONE: {"solidarity_zone", "solidarity zone", "зона солидарности"},
    IdSource.VIASNA: {"viasna", "вясна", "весна"},
    IdSource.OTHER: {"other", "другой"},
}
YES = {"yes", "да", "true", "1", "y", "+", "можно"}
NO = {"no", "нет", "false", "0", "n", "-", ""}


@dataclass
class RowReading:
    values: dict = field(default_factory=dict)  # PrisonerData fields the row sets
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how unusual cells were read
    unsure: list[str] = field(default_factory=list)  # why a person should look
    name: str = ""  # the name as the row has it, for the preview
    name_unsure: str | None = None  # why the name needs a look (kept apart: see planning)
    address_unsure: bool = False


@dataclass(frozen=True)
class FileContext:
    fields: tuple[str | None, ...]  # the field of each column
    today: date
    us_columns: frozenset[str] = frozenset()

    @property
    def present(self) -> frozenset[str]:
        return frozenset(f for f in self.fields if f)


def _word(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def read_row(cells: list[str], context: FileContext) -> RowReading:
    """Read one row's cells (in the file's column order) into prisoner fields."""
    reading = RowReading()
    cell = {
        f: unsafe_cell(cells[i].strip()) if i < len(cells) else ""
        for i, f in enumerate(context.fields)
        if f
    }
    present = context.present
    if len(cells) > len(context.fields) and any(c.strip() for c in cells[len(context.fields) :]):
        reading.errors.append(_("The row has more cells than the header has columns."))
    values = reading.values
    for name in PLAIN:
        if name in cell:
            values[name] = cell[name]
    _names(cell, present, reading)
    _births(cell, present, reading, context)
    _status(cell, present, reading)
    _place(cell, present, reading)
    _lists(cell, present, reading)
    for name in ("arrest_date", "last_reviewed"):
        if name in cell:
            found = read_date(
                cell[name], column=name, year_alone=False, today=context.today,
                us_column=name in context.us_columns,
            )  # fmt: skip
            _take(found, reading)
            values[name] = found.day
    return reading


def _take(found, reading: RowReading) -> None:
    if found.error:
        reading.errors.append(found.error)
    if found.note:
        reading.notes.append(found.note)


def _names(cell: dict, present, reading: RowReading) -> None:
    values = reading.values
    parts_given = {"surname", "given_name"} & present
    surname, given = cell.get("surname", ""), cell.get("given_name", "")
    patronymic = cell.get("patronymic", "")
    whole = cell.get("name_ru", "")
    if "gender" in cell:
        words = _word(cell["gender"])
        gender = next((g for g, known in GENDER_WORDS.items() if words in known), None)
        if words and gender is None:
            reading.errors.append(
                _("gender: “%(value)s” is not f/m (ж/м).", value=cell["gender"][:20])
            )
        values["gender"] = gender
    if parts_given and (surname or given or patronymic):
        found = names.read_parts(surname, given, patronymic)
    elif whole and not parts_given:
        found = names.read_name(whole)
    else:
        # Our own export: empty parts mean the name was never split. Keep it whole.
        reading.name = whole
        values.update(name_ru=whole, surname="", given_name="", patronymic="")
        if not whole:
            reading.errors.append(_("The name is missing."))
        return
    reading.name = found.original
    if found.sure and found.parts is not None:
        values.update(
            surname=found.parts.surname,
            given_name=found.parts.given_name,
            patronymic=found.parts.patronymic,
            name_ru=found.parts.full,
        )
        if found.gender is not None and values.get("gender") is None:
            values["gender"] = found.gender
        if found.changed:
            reading.notes.append(
                _(
                    "Name «%(original)s» read as «%(name)s» (%(how)s).",
                    original=found.original,
                    name=found.parts.full,
                    how=_case_said(found.case),
                )
            )
    elif parts_given:
        # Separate columns settle the split; only the case could not be checked.
        values.update(surname=surname, given_name=given, patronymic=patronymic)
        if found.problem != "unknown_given_name" or found.case not in ("", "nomn"):
            reading.unsure.append(
                _(
                    "Check that «%(name)s» is in the nominative (%(why)s); it is kept as written.",
                    name=found.original,
                    why=_problem_said(found.problem),
                )
            )
    else:
        values.update(name_ru=found.original, surname="", given_name="", patronymic="")
        reading.name_unsure = _(
            "The name «%(name)s» could not be split into surname, given name and patronymic "
            "for certain (%(why)s): it is kept as written, for you to check.",
            name=found.original,
            why=_problem_said(found.problem),
        )


_CASES_SAID = {
    "nomn": _l("reordered"),
    "datv": _l("it was in the dative"),
    "gent": _l("it was in the genitive"),
    "accs": _l("it was in the accusative"),
    "ablt": _l("it was in the instrumental"),
    "loct": _l("it was in the prepositional"),
}
_PROBLEMS_SAID = {
    "initials": _l("initials"),
    "not_cyrillic": _l("not only Cyrillic letters"),
    "no_patronymic": _l("no patronymic where one was expected"),
    "order": _l("which word is the surname is unclear"),
    "word_count": _l("not two or three words"),
    "unknown_given_name": _l("the given name is not in the dictionary"),
    "surname_form": _l("the surname's ending does not say its case"),
    "ambiguous": _l("more than one reading"),
    "missing_part": _l("a part is missing"),
}


def _case_said(case: str) -> str:
    return label(_CASES_SAID[case]) if case in _CASES_SAID else case


def _problem_said(problem: str) -> str:
    return label(_PROBLEMS_SAID[problem]) if problem in _PROBLEMS_SAID else problem


def _births(cell: dict, present, reading: RowReading, context: FileContext) -> None:
    values = reading.values
    if "birth_date" in cell:
        found = read_date(
            cell["birth_date"], column="birth_date", year_alone=True, today=context.today,
            us_column="birth_date" in context.us_columns,
        )  # fmt: skip
        _take(found, reading)
        values["birth_date"], values["birth_year"] = found.day, found.year
    if "birth_year" in cell and cell["birth_year"] and not values.get("birth_date"):
        found = read_date(
            cell["birth_year"], column="birth_year", year_alone=True, today=context.today
        )
        if found.year is not None and found.day is None:
            values["birth_year"] = found.year
        elif found.day is not None:
            values["birth_date"], values["birth_year"] = found.day, found.year
        else:
            reading.errors.append(
                _("birth_year: “%(value)s” is not a year.", value=cell["birth_year"][:20])
            )
    elif "birth_year" in cell and "birth_date" not in cell:
        values["birth_year"] = None


def _status(cell: dict, present, reading: RowReading) -> None:
    values = reading.values
    if "status" in cell:
        words = custody.read_status(cell["status"])
        if words is None:
            reading.errors.append(
                _(
                    "status: “%(value)s” is not a status we know (for example: в СИЗО, в колонии, "
                    "под домашним арестом, на этапе, освобождён, or %(known)s).",
                    value=cell["status"][:40],
                    known=", ".join(s.value for s in PrisonerStatus),
                )
            )
        else:
            values["status"] = words.status
            said = [label(STATUS_LABELS[words.status])]
            if words.custody and not cell.get("custody"):
                values["custody"] = words.custody
                said.append(label(CUSTODY_LABELS[words.custody]))
            if words.facility_type and not cell.get("facility_type"):
                values["facility_type"] = words.facility_type
                said.append(label(FACILITY_LABELS[words.facility_type]))
            if _word(cell["status"]) not in {s.value for s in PrisonerStatus} and cell["status"]:
                reading.notes.append(
                    _(
                        "Status «%(value)s» read as: %(said)s.",
                        value=cell["status"][:40],
                        said=" · ".join(said),
                    )
                )
    if "custody" in cell:
        value = custody.read_custody(cell["custody"]) if cell["custody"] else None
        if cell["custody"] and value is None:
            reading.errors.append(
                _(
                    "custody: “%(value)s” is not one of %(known)s.",
                    value=cell["custody"][:40],
                    known=", ".join(c.value for c in CustodyStatus),
                )
            )
        values["custody"] = value
    if "facility_type" in cell:
        kind = custody.read_facility_type(cell["facility_type"]) if cell["facility_type"] else None
        if cell["facility_type"] and kind is None:
            reading.errors.append(
                _(
                    "facility_type: “%(value)s” is not one of %(known)s.",
                    value=cell["facility_type"][:40],
                    known=", ".join(f.value for f in FacilityType),
                )
            )
        values["facility_type"] = kind


def _place(cell: dict, present, reading: RowReading) -> None:
    values = reading.values
    if "facility_country" in cell:
        code = _country(cell["facility_country"])
        if code is None:
            reading.errors.append(
                _(
                    "facility_country: “%(value)s” is not one of %(known)s.",
                    value=cell["facility_country"][:40],
                    known=", ".join(c.code for c in DESTINATIONS),
                )
            )
        values["facility_country"] = code or "RU"
    if cell.get("address"):
        split = split_address(cell["address"])
        for name, value in split.fields().items():
            if not cell.get(name):
                values[name] = value
        if split.country and not cell.get("facility_country"):
            values["facility_country"] = split.country
        if split.year_hint and not values.get("birth_year"):
            values["birth_year"] = split.year_hint
            reading.notes.append(
                _("Year of birth %(year)d taken from the address.", year=split.year_hint)
            )
        shown = " / ".join(v for v in split.fields().values() if v)
        if split.sure:
            reading.notes.append(_("Address split as: %(parts)s", parts=shown))
        else:
            reading.address_unsure = True
            reading.unsure.append(
                _(
                    "The address could not be split for certain (%(why)s); it is imported as "
                    "unconfirmed and will not print until someone checks it. Read as: %(parts)s.",
                    why=", ".join(_address_problem(p, split) for p in split.problems),
                    parts=shown or "—",
                )
            )
    facility = values.get("facility")
    if facility and "facility_type" not in values and "facility_type" not in present:
        kind = custody.facility_type_of(facility)
        if kind is not None:
            values["facility_type"] = kind


_ADDRESS_PROBLEMS = {
    "missing_postal_code": _l("no postal code"),
    "missing_region": _l("no region"),
    "missing_facility": _l("no facility"),
    "twice": _l("a part appears twice"),
}


def _address_problem(problem: str, split) -> str:
    if problem == "unknown":
        return _("pieces not recognised: %(pieces)s") % {"pieces": "; ".join(split.unknown)}
    return label(_ADDRESS_PROBLEMS[problem]) if problem in _ADDRESS_PROBLEMS else problem


def _country(text: str) -> str | None:
    folded = text.strip(" .").casefold()
    if not folded:
        return "RU"
    for country in DESTINATIONS:
        if folded in names_of(country):
            return country.code
    return None


def _lists(cell: dict, present, reading: RowReading) -> None:
    values = reading.values
    if "tags" in cell:
        values["tags"] = parse_tags(cell["tags"])
    if "mail_routes" in cell:
        routes = []
        for item in parse_tags(cell["mail_routes"]):
            words = _word(item)
            route = next((r for r, known in ROUTE_WORDS.items() if words in known), None)
            if route is None:
                reading.errors.append(
                    _(
                        "mail_routes: “%(value)s” is not one of %(known)s.",
                        value=item.strip()[:40],
                        known=", ".join(r.value for r in MailRoute),
                    )
                )
            else:
                routes.append(route)
        values["mail_routes"] = tuple(routes)
    if "reply_form" in cell:
        words = _word(cell["reply_form"])
        if words not in YES | NO:
            reading.errors.append(
                _("reply_form: “%(value)s” is not yes or no.", value=cell["reply_form"][:20])
            )
        values["reply_form"] = words in YES
    if cell.get("external_source"):
        words = _word(cell["external_source"])
        source = next((s for s, known in SOURCE_WORDS.items() if words in known), None)
        if source is None:
            reading.errors.append(
                _(
                    "external_source: “%(value)s” is not one of %(known)s.",
                    value=cell["external_source"][:40],
                    known=", ".join(s.value for s in IdSource),
                )
            )
        else:
            values["external_source"] = source
    if "articles" in cell:
        country = values.get("facility_country", "RU")
        found, leftover = custody.parse_articles(cell["articles"], country)
        values["articles"] = found
        if leftover:
            reading.unsure.append(
                _(
                    "Articles: “%(text)s” is not an article we could read (write them like "
                    "«ч. 2 ст. 207.3 УК РФ»).",
                    text=leftover[:80],
                )
            )
    if "restriction_codes" in cell:
        codes, unknown = restrictions.parse_codes(cell["restriction_codes"])
        for item in unknown:
            reading.errors.append(
                _("restriction_codes: “%(value)s” is not a known code.", value=item[:40])
            )
        values["restriction_codes"] = codes
    if "restrictions" in cell:
        if "restriction_codes" in present:
            values["restrictions"] = cell["restrictions"]  # our export: free text is free text
        else:
            codes, rest = restrictions.read_restrictions(cell["restrictions"])
            values["restriction_codes"] = codes
            values["restrictions"] = rest
            if codes:
                reading.notes.append(
                    _(
                        "Restrictions read as: %(list)s%(rest)s.",
                        list=", ".join(label(RESTRICTION_LABELS[c]) for c in codes),
                        rest=_("; kept as text: %(text)s") % {"text": rest} if rest else "",
                    )
                )
