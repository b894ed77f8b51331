"""About forty fictional prisoners for the demo; every one is invented."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from eventsite.extensions import db, utcnow
from eventsite.prisoners import custody, services
from eventsite.prisoners.models import (
    CustodyStatus,
    FacilityType,
    IdSource,
    MailRoute,
    Prisoner,
    PrisonerStatus,
    Restriction,
    ReturnReason,
)
from eventsite.prisoners.services import PrisonerData

SURNAMES = [
    ("Примеров", "Примерова"),
    ("Вымыслов", "Вымыслова"),
    ("Образцов", "Образцова"),
    ("Придумкин", "Придумкина"),
    ("Небылицын", "Небылицына"),
    ("Сказочкин", "Сказочкина"),
    ("Черновиков", "Черновикова"),
    ("Шаблонов", "Шаблонова"),
]
FIRST_NAMES = [
    ("Иван", "Иванович", "Анна", "Ивановна"),
    ("Пётр", "Петрович", "Мария", "Петровна"),
    ("Семён", "Семёнович", "Ольга", "Семёновна"),
    ("Фёдор", "Фёдорович", "Алёна", "Фёдоровна"),
    ("Артём", "Артёмович", "Юлия", "Артёмовна"),
]
FACILITIES = [
    (
        "600000",
        "Владимирская обл.",
        "г. Демоград",
        "ул. Примерная, д. 1",
        "ФКУ ИК-0 УФСИН России по Владимирской обл. (демо)",
    ),
    (
        "618000",
        "Пермский край",
        "г. Вымысельск",
        "ул. Образцовая, д. 2",
        "ФКУ ИК-00 ГУФСИН России по Пермскому краю (демо)",
    ),
    (
        "190000",
        "г. Санкт-Петербург",
        "",
        "ул. Тестовая, д. 3",
        "ФКУ СИЗО-0 УФСИН России по г. Санкт-Петербургу (демо)",
    ),
    (
        "400000",
        "Волгоградская обл.",
        "г. Пробный",
        "ул. Учебная, д. 4",
        "ФКУ ИК-000 УФСИН России по Волгоградской обл. (демо)",
    ),
    (
        "670000",
        "Республика Бурятия",
        "г. Условный",
        "ул. Макетная, д. 5",
        "ФКУ ИК-0 УФСИН России по Республике Бурятия (демо)",
    ),
]
TAGS = [("anti-war",), ("journalists",), ("women",), ("religion", "anti-war"), (), ("minors",)]
STATUSES = [PrisonerStatus.ACTIVE] * 7 + [PrisonerStatus.RELEASED, PrisonerStatus.TRANSFERRED]
INTERESTS = ["шахматы, фантастика", "кошки, садоводство", "история, футбол", "рисование", "музыка"]
ARTICLES = [
    "ч. 2 ст. 207.3 УК РФ",
    "ст. 280.3 УК РФ",
    "ч. 2 ст. 205.2 УК РФ",
    "ч. 1 ст. 280.3 УК РФ; ч. 2 ст. 207.3 УК РФ",
    "ч. 2 ст. 282.2 УК РФ",
]
ROUTES = [
    (MailRoute.POST,),
    (MailRoute.POST, MailRoute.ELECTRONIC),
    (MailRoute.POST, MailRoute.ZONATELECOM),
    (MailRoute.POST, MailRoute.FORWARDING),
]
FORWARDING_URL = "https://letters.example.org/forward/demo"
RESTRICTIONS = [
    ((Restriction.POSTCARDS_ONLY, Restriction.NO_PHOTOS), ""),
    ((Restriction.RUSSIAN_ONLY,), "Письма не длиннее двух страниц."),
    ((Restriction.NO_ENCLOSURES,), ""),
]


def demo_prisoner(n: int, today: date) -> PrisonerData:
    """Return the n-th fictional prisoner (1-based); birthdays spread from today on.

    A few show what real records hold: a foreign citizen with their own Latin name (10),
    a Belarusian facility (12), a year of birth only (14), no year at all (20), house
    arrest (22), in transit (23); every ninth is transferred and the one after released.
    """
    surname = SURNAMES[n % len(SURNAMES)]
    first, patronymic, first_f, patronymic_f = FIRST_NAMES[(n // len(SURNAMES)) % len(FIRST_NAMES)]
    woman = n % 3 == 0
    parts = (surname[1], first_f, patronymic_f) if woman else (surname[0], first, patronymic)
    # Every fourth day from a week ago: several birthdays fall in the next weeks.
    birthday = today + timedelta(days=4 * n - 7)
    born = (
        birthday.replace(year=1965 + n % 35)
        if (birthday.month, birthday.day) != (2, 29)
        else date(1972, 2, 29)
    )
    postal, region, town, street, facility = FACILITIES[n % len(FACILITIES)]
    status = STATUSES[n % len(STATUSES)]
    tags = TAGS[n % len(TAGS)] + (
        ("women",) if woman and "women" not in TAGS[n % len(TAGS)] else ()
    )
    routes = ROUTES[n % len(ROUTES)]
    codes, note = RESTRICTIONS[n % len(RESTRICTIONS)] if n % 5 == 0 else ((), "")
    in_sizo = "СИЗО" in facility
    fields: dict[str, Any] = {
        "surname": parts[0],
        "given_name": parts[1],
        "patronymic": parts[2],
        "status": status,
        "external_id": f"DEMO-{n:03d}",
        "birth_date": born,
        "postal_code": postal,
        "region": region,
        "town": town,
        "street": street,
        "facility": facility,
        "facility_type": custody.facility_type_of(facility),
        "custody": CustodyStatus.PRETRIAL if in_sizo else CustodyStatus.SENTENCED,
        "articles": custody.parse_articles(ARTICLES[n % len(ARTICLES)])[0],
        "case_name": "«Дело о „фейках“» (демо)" if n % 4 == 1 else "",
        "arrest_date": date(2022 + n % 3, 1 + n % 12, 1 + n % 27),
        "sentence": "" if in_sizo else f"{_years(3 + n % 9)} (демо)",
        "bio": "Вымышленный человек для демонстрации сайта. Fictional person for the demo.",
        "interests": INTERESTS[n % len(INTERESTS)],
        "writer_notes": "Любит открытки с видами городов." if n % 2 else "",
        "restriction_codes": codes,
        "restrictions": note,
        "mail_routes": routes,
        "forwarding_url": FORWARDING_URL if MailRoute.FORWARDING in routes else "",
        "reply_form": MailRoute.ELECTRONIC in routes,
        "mail_notes": "ФСИН-письмо доходит за неделю." if MailRoute.ELECTRONIC in routes else "",
        # Checked recently, except every seventh: those show under "needs checking".
        "last_reviewed": today - timedelta(days=400 if n % 7 == 0 else 10 + n),
        "tags": tags,
    }
    fields.update(SPECIAL.get(n, {}))
    return PrisonerData(**fields)


SPECIAL: dict[int, dict[str, Any]] = {
    10: {
        "surname": "Коваленко",
        "given_name": "Александр",  # as Russian lists write it
        "patronymic": "",
        "name_latin": "Oleksandr Kovalenko",
        "tags": ("foreign-citizen", "anti-war"),
        "writer_notes": "Гражданин Украины; пишите по-русски или по-украински (демо).",
    },
    12: {
        "facility_country": "BY",
        "postal_code": "212000",
        "region": "Могилёвская обл.",
        "town": "г. Демогорск",
        "street": "ул. Примерная, д. 1",
        "facility": "ИУ «ИК № 00» (демо)",
        "facility_type": FacilityType.IK,
        "articles": custody.parse_articles("ч. 1 ст. 342 УК РБ", "BY")[0],
        "external_source": IdSource.VIASNA,
        "external_id": "DEMO-BY-012",
        "mail_routes": (MailRoute.POST,),
        "forwarding_url": "",
    },
    14: {"birth_date": None, "birth_year": 1979},
    20: {"birth_date": None, "birth_year": None},  # nothing known: the envelope warns
    22: {
        "facility_type": FacilityType.HOUSE_ARREST,
        "custody": CustodyStatus.PRETRIAL,
        "postal_code": "",
        "region": "",
        "town": "",
        "street": "",
        "facility": "",
        "sentence": "",
    },
    23: {"facility_type": FacilityType.TRANSIT, "writer_notes": "На этапе: ждём новый адрес."},
}


def seed_prisoners(_chapters_by_slug, count: int = 40) -> None:
    """Add the demo prisoners that are missing (matched on DEMO-…), and one returned letter."""
    have = set(
        db.session.scalars(select(Prisoner.external_id).where(Prisoner.external_id.like("DEMO-%")))
    )
    today = utcnow().date()
    added = {}
    for n in range(1, count + 1):
        data = demo_prisoner(n, today)
        if data.external_id not in have:
            added[n] = services.apply(None, data, None, today=today, source="demo")
    if 1 in added:
        # A letter to someone chosen for an evening came back: their pack says "do not post".
        db.session.flush()
        services.record_returned_letter(
            added[1],
            returned_on=today - timedelta(days=3),
            reason=ReturnReason.MOVED,
            note="«Выбыл» (демо)",
            chapter=None,
            user=None,
            today=today,
        )


def _years(n: int) -> str:
    """«1 год», «4 года», «5 лет»: Russian plural forms for the demo sentences."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} года"
    return f"{n} лет"
