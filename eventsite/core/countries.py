"""Countries as the post needs them: where a facility is, and where a chapter posts from.

The Universal Postal Union asks for the destination country on the last line, in capitals,
in the language of the country the letter is posted in; Russian Post sorts a letter by
the country written in Russian, and wants a reply address abroad in Latin letters with
the country in Russian as well. So every country here has its Russian name, its English
name, and the names of the destination countries in the postal languages of the
countries chapters post from.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name_ru: str
    name_en: str
    postal_language: str = "en"  # the language its post wants a destination country in
    # Other spellings a return address may already end with (its own language, mostly).
    aliases: tuple[str, ...] = ()
    # For destinations: the country's name in each postal language (capitals).
    postal_names: dict[str, str] = field(default_factory=dict)

    @property
    def name_ru_caps(self) -> str:
        return self.name_ru.upper()

    def postal_name(self, language: str) -> str:
        """Return the name a post office of `language` reads, in capitals."""
        return self.postal_names.get(language, self.name_en.upper())


DESTINATIONS = (
    Country(
        "RU",
        "Россия",
        "Russia",
        "ru",
        aliases=("Russian Federation", "Российская Федерация", "РФ"),
        postal_names={
            "en": "RUSSIA",
            "de": "RUSSLAND",
            "fr": "RUSSIE",
            "es": "RUSIA",
            "it": "RUSSIA",
            "pl": "ROSJA",
            "cs": "RUSKO",
            "nl": "RUSLAND",
            "fi": "VENÄJÄ",
            "sv": "RYSSLAND",
            "no": "RUSSLAND",
            "da": "RUSLAND",
            "pt": "RÚSSIA",
            "tr": "RUSYA",
            "lt": "RUSIJA",
            "lv": "KRIEVIJA",
            "et": "VENEMAA",
        },
    ),
    Country(
        "BY",
        "Беларусь",
        "Belarus",
        "ru",
        aliases=("Республика Беларусь", "Белоруссия", "Рэспубліка Беларусь"),
        postal_names={
            "en": "BELARUS",
            "de": "BELARUS",
            "fr": "BÉLARUS",
            "es": "BIELORRUSIA",
            "it": "BIELORUSSIA",
            "pl": "BIAŁORUŚ",
            "cs": "BĚLORUSKO",
            "nl": "BELARUS",
            "fi": "VALKO-VENÄJÄ",
            "sv": "BELARUS",
            "no": "HVITERUSSLAND",
            "da": "HVIDERUSLAND",
            "pt": "BIELORRÚSSIA",
            "tr": "BELARUS",
            "lt": "BALTARUSIJA",
            "lv": "BALTKRIEVIJA",
            "et": "VALGEVENE",
        },
    ),
    Country(
        "KZ",
        "Казахстан",
        "Kazakhstan",
        "ru",
        aliases=("Қазақстан", "Республика Казахстан"),
        postal_names={
            "en": "KAZAKHSTAN",
            "de": "KASACHSTAN",
            "fr": "KAZAKHSTAN",
            "es": "KAZAJISTÁN",
            "it": "KAZAKISTAN",
            "pl": "KAZACHSTAN",
            "cs": "KAZACHSTÁN",
            "nl": "KAZACHSTAN",
            "fi": "KAZAKSTAN",
            "sv": "KAZAKSTAN",
            "no": "KASAKHSTAN",
            "da": "KASAKHSTAN",
            "pt": "CAZAQUISTÃO",
            "tr": "KAZAKİSTAN",
            "lt": "KAZACHSTANAS",
            "lv": "KAZAHSTĀNA",
            "et": "KASAHSTAN",
        },
    ),
)

# Where chapters post from. Ukraine is missing on purpose: no mail goes from there to
# Russia or Belarus.
ORIGINS = (
    *DESTINATIONS,
    Country("AM", "Армения", "Armenia", aliases=("Hayastan", "Հայաստան")),
    Country("AR", "Аргентина", "Argentina", "es"),
    Country("AT", "Австрия", "Austria", "de", aliases=("Österreich",)),
    Country("AU", "Австралия", "Australia"),
    Country("BE", "Бельгия", "Belgium", "fr", aliases=("Belgique", "België")),
    Country("BG", "Болгария", "Bulgaria", aliases=("България",)),
    Country("CA", "Канада", "Canada"),
    Country("CH", "Швейцария", "Switzerland", "de", aliases=("Schweiz", "Suisse", "Svizzera")),
    Country("CY", "Кипр", "Cyprus"),
    Country("CZ", "Чехия", "Czechia", "cs", aliases=("Česko", "Czech Republic")),
    Country("DE", "Германия", "Germany", "de", aliases=("Deutschland",)),
    Country("DK", "Дания", "Denmark", "da", aliases=("Danmark",)),
    Country("EE", "Эстония", "Estonia", "et", aliases=("Eesti",)),
    Country("ES", "Испания", "Spain", "es", aliases=("España",)),
    Country("FI", "Финляндия", "Finland", "fi", aliases=("Suomi",)),
    Country("FR", "Франция", "France", "fr"),
    Country("GB", "Великобритания", "United Kingdom", aliases=("UK", "Great Britain")),
    Country("GE", "Грузия", "Georgia", aliases=("Sakartvelo", "საქართველო")),
    Country("GR", "Греция", "Greece"),
    Country("IE", "Ирландия", "Ireland"),
    Country("IL", "Израиль", "Israel"),
    Country("IT", "Италия", "Italy", "it", aliases=("Italia",)),
    Country("KG", "Киргизия", "Kyrgyzstan", aliases=("Кыргызстан",)),
    Country("LT", "Литва", "Lithuania", "lt", aliases=("Lietuva",)),
    Country("LV", "Латвия", "Latvia", "lv", aliases=("Latvija",)),
    Country("ME", "Черногория", "Montenegro", aliases=("Crna Gora",)),
    Country("NL", "Нидерланды", "Netherlands", "nl", aliases=("Nederland",)),
    Country("NO", "Норвегия", "Norway", "no", aliases=("Norge",)),
    Country("PL", "Польша", "Poland", "pl", aliases=("Polska",)),
    Country("PT", "Португалия", "Portugal", "pt"),
    Country("RS", "Сербия", "Serbia", aliases=("Srbija", "Србија")),
    Country("SE", "Швеция", "Sweden", "sv", aliases=("Sverige",)),
    Country("TR", "Турция", "Türkiye", "tr", aliases=("Turkey", "Türkiye")),
    Country("US", "США", "United States", aliases=("USA", "United States of America")),
    Country("UZ", "Узбекистан", "Uzbekistan"),
)

_BY_CODE = {c.code: c for c in ORIGINS}
DEFAULT_DESTINATION = "RU"


def country(code: str | None) -> Country | None:
    """Return the country with this ISO code, or None."""
    return _BY_CODE.get((code or "").upper())


def destination_codes() -> list[str]:
    return [c.code for c in DESTINATIONS]


def origin_codes() -> list[str]:
    return [c.code for c in ORIGINS]


def _spellings(item: Country) -> frozenset[str]:
    spellings = {item.code, item.name_ru, item.name_en, *item.aliases}
    spellings |= set(item.postal_names.values())
    return frozenset(s.casefold() for s in spellings)


_SPELLINGS = {c.code: _spellings(c) for c in ORIGINS}


def names_of(item: Country) -> frozenset[str]:
    """Every spelling of a country a line of an address might hold, folded."""
    return _SPELLINGS[item.code]
