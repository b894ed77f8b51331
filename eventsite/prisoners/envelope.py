"""The envelope block: the one builder the prisoner page, the packs and every print use.

Lines follow Russian Post's order for a letter («Кому», then «Куда»): the addressee in
the dative with the year of birth (a facility sorts mail by name and year, and letters
without them come back), the facility, street, town, region, postal code. Posted from
abroad, the destination country follows on the last lines, in Russian for Russian Post
and in capitals in the language of the post the letter is handed to (UPU rules; e.g.
«РОССИЯ» / "RUSSLAND" from Germany). The return address gets the chapter's country in
Latin letters and in Russian, so a reply can find its way back.

Pure: plain data in, a plain dataclass of lines out; templates only lay them out.
"""

import re
from dataclasses import dataclass

from eventsite.core.countries import DEFAULT_DESTINATION, DESTINATIONS, country, names_of
from eventsite.prisoners.address import AddressState

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_DEFAULT = next(c for c in DESTINATIONS if c.code == DEFAULT_DESTINATION)


@dataclass(frozen=True, slots=True)
class Addressee:
    name: str  # full name in the nominative
    name_dative: str | None = None  # used on the envelope when known for certain
    birth_year: int | None = None
    facility: str = ""
    street: str = ""
    town: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = DEFAULT_DESTINATION  # ISO code of the facility's country


@dataclass(frozen=True, slots=True)
class Sender:
    """The chapter's return address and where it posts from (None: not set)."""

    lines: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Envelope:
    to_lines: tuple[str, ...]
    from_lines: tuple[str, ...]
    state: AddressState
    year_unknown: bool = False

    @property
    def postable(self) -> bool:
        return self.state.postable


def build_envelope(addressee: Addressee, sender: Sender | None, state: AddressState) -> Envelope:
    """Return the envelope block for a prisoner, posted by a chapter (or by anyone: None)."""
    name = addressee.name_dative or addressee.name
    if addressee.birth_year:
        name = f"{name}, {addressee.birth_year} г. р."
    lines = [
        name,
        addressee.facility,
        addressee.street,
        addressee.town,
        addressee.region,
        addressee.postal_code,
    ]
    lines += destination_lines(addressee.country, sender.country if sender else None)
    return Envelope(
        to_lines=tuple(" ".join(line.split()) for line in lines if line and line.strip()),
        from_lines=return_lines(sender, addressee.country) if sender else (),
        state=state,
        year_unknown=addressee.birth_year is None,
    )


def destination_lines(destination: str, origin: str | None) -> list[str]:
    """The country lines: none inside one country; Russian plus the origin's postal language.

    Where the chapter's country is not known, Russian and English: harmless at home,
    needed abroad.
    """
    target = country(destination) or _DEFAULT
    if origin is not None and origin.upper() == target.code:
        return []
    sender = country(origin)
    language = sender.postal_language if sender else "en"
    lines = [target.name_ru_caps]
    local = target.postal_name(language) if language != "ru" else None
    if local and local != target.name_ru_caps:
        lines.append(local)
    return lines


def return_lines(sender: Sender, destination: str) -> tuple[str, ...]:
    """The chapter's return address, ending with its country in Latin letters and in Russian."""
    lines = [" ".join(line.split()) for line in sender.lines if line.strip()]
    home = country(sender.country)
    if not lines or home is None or home.code == (destination or DEFAULT_DESTINATION).upper():
        return tuple(lines)
    spellings = names_of(home)
    latin = home.name_en.upper()
    # The address may already end with its country ("Germany", «Германия»): ours replace it.
    while lines and lines[-1].strip(" .,").casefold() in spellings:
        own = lines.pop().strip(" .,")
        if not _CYRILLIC.search(own):
            latin = own.upper()
    return (*lines, latin, home.name_ru_caps)
