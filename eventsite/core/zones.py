"""Time zones as people name them: "Berlin time", «по берлинскому времени».

The menu offers canonical zones only: those tzdata's `zone.tab` lists for a country (no
backward links such as Europe/Kiev or US/Eastern), plus UTC, with our chapters' usual
zones first.
"""

from functools import cache
from importlib import resources
from zoneinfo import available_timezones

from babel.dates import get_timezone_location
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

# Where our chapters meet. Russian has an adjective for each city ("по рижскому
# времени"), which no library knows: each is a message of its own.
COMMON_ZONES = {
    "Europe/Berlin": _l("Berlin time"),
    "Europe/Moscow": _l("Moscow time"),
    "Asia/Tbilisi": _l("Tbilisi time"),
    "Asia/Yerevan": _l("Yerevan time"),
    "Europe/Riga": _l("Riga time"),
    "Europe/Vilnius": _l("Vilnius time"),
    "Europe/Tallinn": _l("Tallinn time"),
    "Europe/Warsaw": _l("Warsaw time"),
    "Europe/Prague": _l("Prague time"),
    "Europe/Vienna": _l("Vienna time"),
    "Europe/Amsterdam": _l("Amsterdam time"),
    "Europe/Paris": _l("Paris time"),
    "Europe/London": _l("London time"),
    "Europe/Helsinki": _l("Helsinki time"),
    "Europe/Belgrade": _l("Belgrade time"),
    "Europe/Istanbul": _l("Istanbul time"),
    "Asia/Almaty": _l("Almaty time"),
    "Asia/Bishkek": _l("Bishkek time"),
    "Asia/Tashkent": _l("Tashkent time"),
    "Asia/Jerusalem": _l("Jerusalem time"),
    "America/New_York": _l("New York time"),
    "UTC": _l("UTC"),
}


@cache
def canonical_zones() -> tuple[str, ...]:
    """Zones tzdata lists for a country, that zoneinfo can load, sorted; and UTC."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    listed = {
        line.split("\t")[2] for line in text.splitlines() if line and not line.startswith("#")
    }
    return (*sorted(listed & available_timezones()), "UTC")


def zone_menu() -> list[str]:
    """The time-zone menu: our chapters' zones first, then every other canonical zone."""
    common = [zone for zone in COMMON_ZONES if zone in canonical_zones()]
    return common + [zone for zone in canonical_zones() if zone not in COMMON_ZONES]


def zone_city(tz: str) -> str:
    """The zone's city in the page's language: "Buenos Aires", «Буэнос-Айрес»."""
    try:
        return get_timezone_location(tz, locale=str(get_locale() or "en"), return_city=True)
    except LookupError:
        return tz.rsplit("/", 1)[-1].replace("_", " ")


def zone_words(tz: str) -> str:
    """ "Berlin time" / «по берлинскому времени»; for other zones, from the zone's city."""
    if tz in COMMON_ZONES:
        return str(COMMON_ZONES[tz])
    return gettext("%(city)s time", city=zone_city(tz))


def zone_option(tz: str) -> str:
    """A menu entry: the city and the zone's id, "Berlin — Europe/Berlin"."""
    city = zone_city(tz)
    return tz if city == tz else f"{city} — {tz}"
