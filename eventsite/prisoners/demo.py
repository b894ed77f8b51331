"""About forty fictional prisoners for the demo; every one is invented."""

from datetime import date, timedelta

from sqlalchemy import select

from eventsite.extensions import db, utcnow
from eventsite.prisoners import services
from eventsite.prisoners.models import MailRoute, Prisoner, PrisonerStatus
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


def demo_prisoner(n: int, today: date) -> PrisonerData:
    """Return the n-th fictional prisoner (1-based); birthdays spread from today on."""
    surname = SURNAMES[n % len(SURNAMES)]
    first, patronymic, first_f, patronymic_f = FIRST_NAMES[(n // len(SURNAMES)) % len(FIRST_NAMES)]
    woman = n % 3 == 0
    name = (
        f"{surname[1]} {first_f} {patronymic_f}" if woman else f"{surname[0]} {first} {patronymic}"
    )
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
    return PrisonerData(
        name_ru=name,
        status=status,
        external_id=f"DEMO-{n:03d}",
        birth_date=born,
        postal_code=postal,
        region=region,
        town=town,
        street=street,
        facility=facility,
        arrest_date=date(2022 + n % 3, 1 + n % 12, 1 + n % 27),
        sentence=f"{_years(3 + n % 9)} (демо)",
        bio="Вымышленный человек для демонстрации сайта. Fictional person for the demo.",
        interests=INTERESTS[n % len(INTERESTS)],
        writer_notes="Любит открытки с видами городов." if n % 2 else "",
        restrictions="Только открытки, без фотографий." if n % 5 == 0 else "",
        mail_routes=(MailRoute.POST, MailRoute.ELECTRONIC) if n % 2 else (MailRoute.POST,),
        mail_notes="ФСИН-письмо доходит за неделю." if n % 2 else "",
        tags=tags,
    )


def seed_prisoners(_chapters_by_slug, count: int = 40) -> None:
    """Add the demo prisoners that are missing (matched on DEMO-nnn)."""
    have = set(
        db.session.scalars(select(Prisoner.external_id).where(Prisoner.external_id.like("DEMO-%")))
    )
    today = utcnow().date()
    for n in range(1, count + 1):
        data = demo_prisoner(n, today)
        if data.external_id not in have:
            services.apply(None, data, None, today=today, source="demo")


def _years(n: int) -> str:
    """«1 год», «4 года», «5 лет»: Russian plural forms for the demo sentences."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} года"
    return f"{n} лет"
