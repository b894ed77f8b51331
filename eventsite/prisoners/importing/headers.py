"""Which column is which: our own export's names, and the headers lists really use.

Headers are compared folded (any case, ё as е, spaces, dots, dashes and underscores
ignored), so «Дата  рождения», "ДАТА РОЖДЕНИЯ" and "дата_рождения" are one header.
"""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventsite.prisoners.importing.readers import ImportFileError

# Our export's columns, in its order; each is also the first alias of its field.
COLUMNS = (
    "external_source",
    "external_id",
    "name_ru",
    "surname",
    "given_name",
    "patronymic",
    "gender",
    "name_latin",
    "birth_date",
    "birth_year",
    "status",
    "custody",
    "facility_type",
    "facility_country",
    "postal_code",
    "region",
    "town",
    "street",
    "facility",
    "articles",
    "case_name",
    "arrest_date",
    "sentence",
    "tags",
    "mail_routes",
    "mail_notes",
    "forwarding_url",
    "reply_form",
    "bio",
    "interests",
    "writer_notes",
    "restriction_codes",
    "restrictions",
    "source_url",
    "last_reviewed",
)

ALIASES = {
    "external_source": ["источник списка", "чей список", "list source", "id source"],
    "external_id": ["id", "ид", "идентификатор", "код", "номер в списке", "record id", "list id"],
    "name_ru": [
        "фио",
        "ф и о",
        "фамилия имя отчество",
        "полное имя",
        "имя полностью",
        "кому",
        "получатель",
        "заключенный",
        "политзаключенный",
        "full name",
        "name",
        "prisoner",
        "addressee",
    ],
    "surname": ["фамилия", "last name", "family name", "lastname"],
    "given_name": ["имя", "first name", "given name", "firstname"],
    "patronymic": ["отчество", "middle name", "patronym"],
    "gender": ["пол", "sex"],
    "name_latin": [
        "латиницей",
        "имя латиницей",
        "фио латиницей",
        "транслит",
        "latin name",
        "name in latin",
        "name latin",
        "english name",
        "transliteration",
    ],
    "birth_date": [
        "дата рождения",
        "др",
        "д р",
        "день рождения",
        "date of birth",
        "birth date",
        "birthday",
        "dob",
        "born",
    ],
    "birth_year": ["год рождения", "г р", "гр", "year of birth", "birth year"],
    "status": ["статус", "положение", "где сейчас", "мера пресечения", "situation"],
    "custody": ["стадия", "стадия дела", "процессуальный статус", "stage"],
    "facility_type": ["тип учреждения", "вид учреждения", "facility type"],
    "facility_country": ["страна", "country"],
    "address": [
        "address",
        "адрес",
        "адрес для писем",
        "почтовый адрес",
        "куда писать",
        "куда",
        "адрес учреждения",
        "mailing address",
        "postal address",
        "address for letters",
    ],
    "postal_code": ["индекс", "почтовый индекс", "postcode", "postal code", "zip", "zip code"],
    "region": ["регион", "область", "субъект", "субъект рф", "край"],
    "town": ["город", "населенный пункт", "нас пункт", "city", "locality"],
    "street": ["улица", "улица и дом", "street address"],
    "facility": [
        "учреждение",
        "место заключения",
        "место содержания",
        "колония",
        "исправительное учреждение",
        "prison",
        "penal facility",
        "institution",
    ],
    "articles": [
        "статья",
        "статьи",
        "статья ук",
        "статьи ук",
        "статья ук рф",
        "статьи ук рф",
        "обвинение",
        "article",
        "charges",
        "charge",
    ],
    "case_name": ["дело", "название дела", "case", "case name"],
    "arrest_date": [
        "дата ареста",
        "дата задержания",
        "задержан",
        "арестован",
        "в заключении с",
        "arrested",
        "arrest date",
        "detained",
    ],
    "sentence": ["срок", "приговор", "наказание", "term"],
    "tags": ["теги", "метки", "темы", "категории"],
    "mail_routes": ["как писать", "способы связи", "способ связи", "mail", "how to write"],
    "mail_notes": ["примечания к почте", "о письмах", "mail notes"],
    "forwarding_url": ["пересылка писем", "ссылка на пересылку", "forwarding link"],
    "reply_form": ["бланк ответа", "reply form"],
    "bio": ["биография", "о человеке", "описание", "история", "about", "biography", "description"],
    "interests": ["интересы", "увлечения", "хобби", "hobbies"],
    "writer_notes": [
        "заметки для пишущих",
        "советы",
        "что написать",
        "примечание",
        "примечания",
        "комментарий",
        "notes",
        "notes for writers",
        "comment",
    ],
    "restriction_codes": [],
    "restrictions": ["ограничения", "что нельзя", "restrictions on letters"],
    "source_url": ["ссылка", "источник", "страница", "url", "link", "source", "source link"],
    "last_reviewed": [
        "проверено",
        "адрес проверен",
        "дата проверки",
        "актуально на",
        "checked on",
        "address checked",
        "last reviewed",
    ],
}

LABELS = {
    "external_source": _l("whose list the id is from"),
    "external_id": _l("id in the source list"),
    "name_ru": _l("full name"),
    "surname": _l("surname"),
    "given_name": _l("given name"),
    "patronymic": _l("patronymic"),
    "gender": _l("gender"),
    "name_latin": _l("own Latin spelling"),
    "birth_date": _l("birth date (or year)"),
    "birth_year": _l("year of birth"),
    "status": _l("status"),
    "custody": _l("pre-trial or sentenced"),
    "facility_type": _l("facility type"),
    "facility_country": _l("facility's country"),
    "address": _l("one-line address, split into its parts"),
    "postal_code": _l("postal code"),
    "region": _l("region"),
    "town": _l("town"),
    "street": _l("street"),
    "facility": _l("facility"),
    "articles": _l("articles of the Criminal Code"),
    "case_name": _l("case"),
    "arrest_date": _l("arrest date"),
    "sentence": _l("sentence"),
    "tags": _l("tags"),
    "mail_routes": _l("mail routes"),
    "mail_notes": _l("notes on mail"),
    "forwarding_url": _l("forwarding link"),
    "reply_form": _l("reply form can be bought"),
    "bio": _l("biography"),
    "interests": _l("interests"),
    "writer_notes": _l("notes for writers"),
    "restriction_codes": _l("restrictions (codes)"),
    "restrictions": _l("restrictions"),
    "source_url": _l("source link"),
    "last_reviewed": _l("address checked on"),
}
DATE_COLUMNS = ("birth_date", "arrest_date", "last_reviewed")


def fold(header: str) -> str:
    """Fold a header for comparison: case, ё, and everything but letters and digits."""
    text = (header or "").replace("\ufeff", "").casefold().replace("ё", "е")
    return re.sub(r"[\W_]+", "", text)


_LOOKUP = {fold(alias): name for name, aliases in ALIASES.items() for alias in (name, *aliases)}


@dataclass(frozen=True, slots=True)
class ColumnReading:
    header: str  # as the file has it
    field: str | None  # what we read it as; None: ignored

    @property
    def label(self) -> str:
        return str(LABELS[self.field]) if self.field else ""


def read_header(header: list[str]) -> list[ColumnReading]:
    """Name each column, or refuse a header without a name column or with repeats."""
    columns = [ColumnReading(h, _LOOKUP.get(fold(h)) if h.strip() else None) for h in header]
    fields = [c.field for c in columns if c.field]
    # «Имя» alone, or "Name" next to nothing else, holds the whole name.
    if "given_name" in fields and "surname" not in fields and "name_ru" not in fields:
        columns = [
            ColumnReading(c.header, "name_ru") if c.field == "given_name" else c for c in columns
        ]
        fields = [c.field for c in columns if c.field]
    if "name_ru" not in fields and not {"surname", "given_name"} <= set(fields):
        raise ImportFileError(
            "no_header",
            _(
                "The first line must name the columns, with one for the name (such as "
                "«ФИО», «Фамилия» and «Имя», or name_ru). Found: %(found)s.",
                found=", ".join(h for h in header[:8] if h.strip())[:200] or "—",
            ),
        )
    repeated = sorted({f for f in fields if fields.count(f) > 1})
    if repeated:
        groups = [
            "“" + "”, “".join(c.header for c in columns if c.field == f) + "”" for f in repeated
        ]
        raise ImportFileError(
            "duplicate_columns",
            _(
                "These columns say the same thing: %(cols)s. Keep one of each.",
                cols="; ".join(groups),
            ),
        )
    return columns
