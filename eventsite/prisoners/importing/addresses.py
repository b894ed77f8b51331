"""One-line addresses as support groups publish them, split into the envelope's fields.

«601446, Владимирская обл., г. Покров, ул. Франца Штольверка, д. 10, ФКУ ИК-2 УФСИН России
по Владимирской обл., Иванову Ивану Ивановичу, 1980 г. р.» is split at its commas and each
piece is recognised by its words (индекс, обл./край/Республика, г./п./с., ул./д., ФКУ/ИК-/
СИЗО …). The addressee and the year at the end are taken off and kept as hints. When a
piece is not recognised, or something is missing or doubled, the split is *unsure*: the
preview says so and the address is imported as unconfirmed, never printed as good.
"""

import re
from dataclasses import dataclass, field

from eventsite.core.countries import DESTINATIONS, names_of

_POSTAL = re.compile(r"^(\d{6})$")
_POSTAL_FIRST = re.compile(r"^(\d{6})\s+(.+)$")
_FACILITY = re.compile(
    r"\b(?:ФКУ|ФГУ|ФКЛПУ|ФКУЗ|ФБУ|ГУ|ИУ|ИУОТ|СИЗО|ИК|ИВС|КП|ЛИУ|ЛПУ|ВК|ИЗ|ПФРСИ|УФСИН|ГУФСИН|"
    r"ОИК|КТБ|ЛТП|СПБ|ПБ)\b|(?:^|\s)(?:ИК|КП|СИЗО|Т)[-–]\s?\d|исправительн|колони[яи]|тюрьм|"
    r"следственн\w+\s+изолятор|больниц|учреждени|отряд"
)
_STREET = re.compile(
    r"^(?:ул\.?|улица|пр-т|пр-кт|просп\.?|проспект|пер\.?|переулок|ш\.|шоссе|наб\.?|набережная|"
    r"пл\.|площадь|б-р|бульвар|тракт|мкр\.?|микрорайон|проезд|туп\.?|тупик|промзона|тер\.|"
    r"территория|а/я|абонентский\s+ящик)(?:\s|$)|\s(?:ул\.|улица|ш\.|шоссе|пр-т|проспект|"
    r"пер\.|переулок|тракт)$",
    re.I,
)
_HOUSE = re.compile(
    r"^(?:д\.?|дом|стр\.?|строение|корп\.?|корпус|к\.|зд\.?|здание|влд\.?|владение|лит\.?)\s*"
    r"\d|^\d+\s*[а-яА-Я]?(?:\s*/\s*\d+)?$"
)
_REGION = re.compile(
    r"\b(?:обл\.?|область|край|кр\.|респ\.?|Республика|АО|автономн\w+|округ|Чувашия|Якутия|"
    r"Татарстан|Башкортостан|Мордовия|Карелия|Коми|Удмуртия|Чечня)(?:\s|$|\.)",
    re.I,
)
_FEDERAL_CITY = re.compile(r"^(?:г\.?\s*)?(Москва|Санкт-Петербург|Севастополь)$", re.I)
_DISTRICT = re.compile(
    r"(?:\s|^)(?:р-н|район|м\.?\s*о\.|г\.\s*о\.|муниципальный\s+округ|городской\s+округ)(?:\s|$|\.)",
    re.I,
)
_TOWN = re.compile(
    r"^(?:г\.|город|гор\.|пос\.|п\.|пгт\.?|р\.\s*п\.|рп\.?|с\.|село|дер\.|д\.(?!\s*\d)|деревня|"
    r"ст-ца|станица|х\.|хутор|пос[её]лок|аг\.|агрогородок|аул)\s*[А-ЯЁA-Z]"
)
_YEAR = re.compile(r"^(\d{4})\s*г\.?\s*р\.?$|^(\d{4})\s*года?\s+рождения$", re.I)
_NAME = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+){1,2}(?:\s+(?:оглы|кызы))?$"
)
_LABEL = re.compile(r"^(?:адрес|куда|кому)\s*:\s*", re.I)


@dataclass
class AddressReading:
    postal_code: str = ""
    region: str = ""
    town: str = ""
    street: str = ""
    facility: str = ""
    country: str | None = None
    name_hint: str = ""  # «Иванову Ивану Ивановичу» found at the end
    year_hint: int | None = None
    unknown: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # codes: missing_*, unknown, twice

    @property
    def sure(self) -> bool:
        return not self.problems

    def fields(self) -> dict[str, str]:
        return {
            "postal_code": self.postal_code,
            "region": self.region,
            "town": self.town,
            "street": self.street,
            "facility": self.facility,
        }


def _country_of(token: str) -> str | None:
    folded = token.strip(" .").casefold()
    for country in DESTINATIONS:
        if folded in names_of(country):
            return country.code
    return None


def split_address(text: str) -> AddressReading:
    """Split a one-line address into envelope fields; see `AddressReading.sure`."""
    text = _LABEL.sub("", " ".join((text or "").replace("\n", ", ").split()))
    tokens = []
    for token in (t.strip() for t in re.split(r"[,;]", text)):
        if not token:
            continue
        if match := _POSTAL_FIRST.match(token):  # "601446 Владимирская обл."
            tokens += [match[1], match[2]]
        else:
            tokens.append(token)
    reading = AddressReading()
    regions: list[str] = []
    towns: list[str] = []
    streets: list[str] = []
    facilities: list[str] = []
    last = None
    for token in tokens:
        if _POSTAL.match(token):
            if reading.postal_code:
                reading.problems.append("twice")
            reading.postal_code, last = token, "postal"
        elif (code := _country_of(token)) is not None:
            reading.country, last = code, "country"
        elif match := _YEAR.match(token):
            reading.year_hint, last = int(match[1] or match[2]), "year"
        elif _FACILITY.search(token):
            facilities.append(token)
            last = "facility"
        elif city_match := _FEDERAL_CITY.match(token):
            city = city_match[1]
            regions.insert(0, f"г. {city[:1].upper()}{city[1:]}")
            last = "region"
        elif _STREET.search(token):
            streets.append(token)
            last = "street"
        elif _HOUSE.match(token) and last == "street":
            streets[-1] = f"{streets[-1]}, {token}"
        elif _HOUSE.match(token) and last == "facility":
            facilities[-1] = f"{facilities[-1]}, {token}"
        elif _TOWN.match(token):
            towns.append(token)
            last = "town"
        elif _REGION.search(token) or _DISTRICT.search(token):
            regions.append(token)
            last = "region"
        elif _NAME.match(token) and (token is tokens[-1] or last == "facility"):
            reading.name_hint, last = token, "name"
        elif last == "facility":
            facilities[-1] = f"{facilities[-1]}, {token}"  # «ФКУ ИК-2 …, отряд 5»
            reading.unknown.append(token)
        else:
            # Kept where it most likely belongs, for the person who checks it.
            (streets if towns or not token[:1].isupper() else towns).append(token)
            reading.unknown.append(token)
    reading.region = ", ".join(regions)
    reading.town = ", ".join(towns)
    reading.street = ", ".join(streets)
    reading.facility = ", ".join(facilities)
    for name, value in (
        ("missing_postal_code", reading.postal_code),
        ("missing_region", reading.region),
        ("missing_facility", reading.facility),
    ):
        if not value:
            reading.problems.append(name)
    if reading.unknown:
        reading.problems.append("unknown")
    if len(towns) > 1 or len(facilities) > 1 or len(streets) > 1:
        reading.problems.append("twice")
    return reading
