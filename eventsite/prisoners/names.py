"""Russian personal names: parts, the case a list wrote them in, gender, forms of address.

Lists that support groups publish often write the name as it goes on an envelope, in
the dative («Сафронову Ивану Ивановичу»), or in the genitive («дело Ивановой Анны»).
Given names and patronymics are looked up in pymorphy3's dictionary, which knows their
case and gender; surnames mostly are not in it, so they are turned back into the
nominative by the regular endings of Russian surnames, once the given name and the
patronymic have said which case and gender to undo. Anything else is *unsure*: the
caller keeps the text as it came and asks a person.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3

from eventsite.prisoners.kinds import Gender

CASES = ("nomn", "datv", "gent", "accs", "ablt", "loct")
_WORD = re.compile(r"^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*$")
_INITIAL = re.compile(r"^[А-ЯЁа-яё]{1,2}\.")
# Turkic patronymics are two words: «Гусейн оглы», «Алиевна» aside.
TURKIC = {
    "оглы": Gender.MALE,
    "улы": Gender.MALE,
    "уулу": Gender.MALE,
    "кызы": Gender.FEMALE,
    "гызы": Gender.FEMALE,
}

# Surname endings by gender: nominative → the ending in each case.
_MASC = {
    "ов": ("ова", "ову", "ова", "овым", "ове"),
    "ев": ("ева", "еву", "ева", "евым", "еве"),
    "ёв": ("ёва", "ёву", "ёва", "ёвым", "ёве"),
    "ин": ("ина", "ину", "ина", "иным", "ине"),
    "ын": ("ына", "ыну", "ына", "ыным", "ыне"),
    "ский": ("ского", "скому", "ского", "ским", "ском"),
    "цкий": ("цкого", "цкому", "цкого", "цким", "цком"),
    "ской": ("ского", "скому", "ского", "ским", "ском"),
    "ой": ("ого", "ому", "ого", "ым", "ом"),
    "ый": ("ого", "ому", "ого", "ым", "ом"),
}
_FEMN = {
    "ова": ("овой", "овой", "ову", "овой", "овой"),
    "ева": ("евой", "евой", "еву", "евой", "евой"),
    "ёва": ("ёвой", "ёвой", "ёву", "ёвой", "ёвой"),
    "ина": ("иной", "иной", "ину", "иной", "иной"),
    "ына": ("ыной", "ыной", "ыну", "ыной", "ыной"),
    "ская": ("ской", "ской", "скую", "ской", "ской"),
    "цкая": ("цкой", "цкой", "цкую", "цкой", "цкой"),
    "ая": ("ой", "ой", "ую", "ой", "ой"),
}
_INFLECTED = ("gent", "datv", "accs", "ablt", "loct")
# Surnames that never change: Шевченко, Черных, Живаго, Дурново; and, recognised in the
# nominative only (there a case ending looks the same), Гюго, Данелия, Шоу …
_FIXED = ("ко", "ых", "их", "аго", "яго", "ово")
_FIXED_VOWEL = ("ё", "е", "и", "у", "ю", "о", "э")
_VOWELS = "аеёиоуыэюяьй"


@dataclass(frozen=True, slots=True)
class NameParts:
    surname: str
    given_name: str
    patronymic: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @property
    def complete(self) -> bool:
        return bool(self.surname and self.given_name)


@dataclass(frozen=True, slots=True)
class NameReading:
    """How a name as written was read: its parts in the nominative, and how sure that is."""

    original: str
    parts: NameParts | None  # None: could not be split; keep `original` and ask
    case: str = ""  # the case it was written in (pymorphy3's names: nomn, datv …)
    gender: Gender | None = None
    sure: bool = False
    problem: str = ""  # why it is unsure: a code for `describe`

    @property
    def changed(self) -> bool:
        return self.parts is not None and self.parts.full != squeeze(self.original)


def squeeze(text: str) -> str:
    return " ".join((text or "").split())


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@dataclass(frozen=True, slots=True)
class _Form:
    case: str
    gender: Gender | None
    nominative: str


def _gender(tag) -> Gender | None:
    return {"masc": Gender.MALE, "femn": Gender.FEMALE}.get(tag.gender)


@cache
def _forms(word: str, kind: str) -> tuple[_Form, ...]:
    """Dictionary readings of `word` as a given name (Name) or patronymic (Patr), singular."""
    found = []
    for parse in _morph().parse(word):
        tag = parse.tag
        if kind not in tag.grammemes or "sing" not in tag.grammemes or tag.case not in CASES:
            continue
        if type(parse.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
            continue
        nominative = parse.inflect({"nomn"})
        if nominative is None:
            continue
        form = _Form(tag.case, _gender(tag), nominative.word)
        if form not in found:
            found.append(form)
    return tuple(found)


def _is_name(word: str) -> bool:
    return bool(_forms(word.lower(), "Name"))


def _is_patronymic(word: str) -> bool:
    return bool(_forms(word.lower(), "Patr")) or _turkic(word) is not None


def _turkic(patronymic: str) -> Gender | None:
    words = patronymic.lower().split()
    return TURKIC.get(words[-1]) if len(words) == 2 else None


def _title(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _like(source: str, produced: str) -> str:
    """Capitalise like a name and keep the writer's е where they did not write ё."""
    produced = _title(produced)
    return produced if "ё" in source.lower() else produced.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=20_000)
def read_name(text: str) -> NameReading:
    """Split a full name as a list wrote it into parts in the nominative."""
    original = squeeze(text)
    words = original.split(" ") if original else []
    if len(words) >= 3 and words[-1].lower() in TURKIC:
        words = [*words[:-2], f"{words[-2]} {words[-1].lower()}"]
    if any(_INITIAL.match(w) for w in words):
        return NameReading(original, None, problem="initials")
    if not words or not all(_WORD.match(w.replace(" ", "")) for w in words):
        return NameReading(original, None, problem="not_cyrillic")
    if len(words) == 3:
        if _is_patronymic(words[2]):
            return _read(original, words[0], words[1], words[2])
        if _is_patronymic(words[1]) and _is_name(words[0]):
            return _read(original, words[2], words[0], words[1])
        return NameReading(original, None, problem="no_patronymic")
    if len(words) == 2:
        first, second = _is_name(words[0]), _is_name(words[1])
        if second and not first:
            return _read(original, words[0], words[1], "")
        if first and not second:
            return _read(original, words[1], words[0], "")
        return NameReading(original, None, problem="order")
    return NameReading(original, None, problem="word_count")


@lru_cache(maxsize=20_000)
def read_parts(surname: str, given_name: str, patronymic: str = "") -> NameReading:
    """Read names given in separate columns, each possibly in another case."""
    surname, given_name, patronymic = squeeze(surname), squeeze(given_name), squeeze(patronymic)
    original = " ".join(p for p in (surname, given_name, patronymic) if p)
    words = [w for p in (surname, given_name, patronymic) if p for w in p.split(" ")]
    if not surname or not given_name:
        return NameReading(original, None, problem="missing_part")
    if any(_INITIAL.match(w) for w in words):
        return NameReading(original, None, problem="initials")
    if not all(_WORD.match(w) for w in words):
        return NameReading(original, None, problem="not_cyrillic")
    return _read(original, surname, given_name, patronymic)


def _read(original, surname, given, patronymic) -> NameReading:
    name_forms = _forms(given.lower(), "Name")
    turkic = _turkic(patronymic) if patronymic else None
    if patronymic and turkic is None:
        patr_forms = _forms(patronymic.lower(), "Patr")
        combos = [
            (n.case, p.gender or n.gender, n.nominative, p.nominative)
            for p in patr_forms
            for n in name_forms or [_Form(p.case, p.gender, given.lower())]
            if n.case == p.case and (n.gender in (None, p.gender) or p.gender is None)
        ]
        name_known = bool(name_forms)
    else:
        combos = [(n.case, n.gender or turkic, n.nominative, patronymic) for n in name_forms]
        name_known = True
    if not combos:
        return NameReading(original, None, problem="unknown_given_name")
    for case in CASES:
        options = [c for c in combos if c[0] == case]
        if case == "nomn":
            options = [o for o in options if _looks_nominative(surname, o[1])]
        if not options:
            continue
        if case != "nomn" and not name_known:
            return NameReading(original, None, case=case, problem="unknown_given_name")
        if case != "nomn" and len({o[2:] for o in options}) > 1:
            # «Анне» is a name of its own too; the declined reading is the likely one.
            options = [o for o in options if o[2] != given.lower()] or options
        if len({o[2:] for o in options}) > 1:
            return NameReading(original, None, case=case, problem="ambiguous")
        genders = {o[1] for o in options}
        gender = genders.pop() if len(genders) == 1 else None
        if gender is None:
            gender, nominative = _surname_either_gender(surname, case)
        else:
            nominative = surname_nominative(surname, case, gender)
        if nominative is None:
            return NameReading(original, None, case=case, gender=gender, problem="surname_form")
        _c, _g, given_nom, patr_nom = options[0]
        if turkic is not None:
            base, particle = patronymic.split()
            patr_nom = f"{_title(base)} {particle.lower()}"
        elif patronymic:
            patr_nom = _like(patronymic, patr_nom)
        parts = NameParts(nominative, _like(given, given_nom) if name_known else given, patr_nom)
        return NameReading(original, parts, case, gender, sure=True)
    return NameReading(original, None, problem="surname_form")


def surname_gender(surname: str) -> Gender | None:
    """Guess gender from a Russian surname's ending in the nominative (Петрова, Петров)."""
    word = surname.lower().split("-")[-1]
    if word.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")):
        return Gender.FEMALE
    if word.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ый")):
        return Gender.MALE
    return None


def _looks_nominative(surname: str, gender: Gender | None) -> bool:
    """Refuse «Петровой» or «Петрову» as a nominative: a case ending, not a nominative one."""
    tables = [_MASC, _FEMN] if gender is None else [_MASC if gender == Gender.MALE else _FEMN]
    low = surname.lower().split("-")[-1]
    for table in tables:
        if low.endswith(tuple(table)):
            return True
        if not any(low.endswith(e) for endings in table.values() for e in endings):
            return True
    return False


def _surname_either_gender(surname: str, case: str) -> tuple[Gender | None, str | None]:
    """For «Саша», «Женя»: the gender whose surname endings fit, when only one does."""
    if case == "nomn":
        return surname_gender(surname), surname_nominative(surname, case, None)
    found = {
        gender: turned
        for gender in Gender
        if (turned := surname_nominative(surname, case, gender)) is not None
    }
    if len(set(found.values())) == 1:
        turned = next(iter(found.values()))
        return (next(iter(found)) if len(found) == 1 else surname_gender(turned)), turned
    return None, None


def surname_nominative(surname: str, case: str, gender: Gender | None) -> str | None:
    """Return the surname in the nominative if its ending says so for certain, else None."""
    if case == "nomn":
        return "-".join(_title(p) for p in surname.split("-"))
    pieces = []
    for piece in surname.split("-"):
        turned = _surname_piece(piece, case, gender)
        if turned is None:
            return None
        pieces.append(turned)
    return "-".join(pieces)


def _surname_piece(piece: str, case: str, gender: Gender | None) -> str | None:
    low = piece.lower()
    index = _INFLECTED.index(case) if case in _INFLECTED else None
    if index is None or gender is None:
        return None
    table = _MASC if gender == Gender.MALE else _FEMN
    best = None
    for nominative, endings in table.items():
        ending = endings[index]
        fits = low.endswith(ending) and len(low) > len(ending) + 1
        if fits and (best is None or len(ending) > len(best[1])):
            best = (nominative, ending)
    if best is not None:
        return _like(piece, low[: -len(best[1])] + best[0])
    if low.endswith(_FIXED):
        return _title(piece)
    if gender == Gender.FEMALE and low[-1] not in _VOWELS:
        return _title(piece)  # Шульц, Левин as a woman's surname: never declined
    return None


def guess_gender(parts: NameParts) -> Gender | None:
    """Say whether «Дорогая» or «Дорогой» fits: patronymic, then given name, then surname."""
    if parts.patronymic:
        turkic = _turkic(parts.patronymic)
        if turkic is not None:
            return turkic
        genders = {f.gender for f in _forms(parts.patronymic.lower(), "Patr") if f.case == "nomn"}
        if len(genders) == 1 and None not in genders:
            return genders.pop()
    if parts.given_name:
        genders = {f.gender for f in _forms(parts.given_name.lower(), "Name") if f.case == "nomn"}
        if len(genders) == 1 and None not in genders:
            return genders.pop()
    return surname_gender(parts.surname) if parts.surname else None


def salutation(parts: NameParts, gender: Gender | None) -> str:
    """Return how a letter in Russian opens: by first name and patronymic when known.

    «Здравствуйте, Алёна Фёдоровна!» is how one addresses an adult in Russian, a
    stranger's letter included. Without a patronymic (foreign citizens, or not known),
    «Дорогая Алёна!» / «Дорогой Иван!» is warm and right; with no gender known either,
    «Здравствуйте, Алёна!».
    """
    if not parts.given_name:
        return "Здравствуйте!"
    if parts.patronymic:
        return f"Здравствуйте, {parts.given_name} {parts.patronymic}!"
    if gender == Gender.FEMALE:
        return f"Дорогая {parts.given_name}!"
    if gender == Gender.MALE:
        return f"Дорогой {parts.given_name}!"
    return f"Здравствуйте, {parts.given_name}!"


def dative(parts: NameParts, gender: Gender | None) -> str | None:
    """Return the full name in the dative («Кому»), or None when any part is uncertain."""
    if not parts.complete or gender is None:
        return None
    given = _to_dative(parts.given_name, "Name", gender)
    if given is None:
        return None
    if not parts.patronymic:
        patronymic = ""
    elif _turkic(parts.patronymic) is not None:
        patronymic = parts.patronymic
    else:
        turned = _to_dative(parts.patronymic, "Patr", gender)
        if turned is None:
            return None
        patronymic = turned
    pieces = []
    for piece in parts.surname.split("-"):
        turned = _surname_dative(piece, gender)
        if turned is None:
            return None
        pieces.append(turned)
    return " ".join(p for p in ("-".join(pieces), given, patronymic) if p)


def _to_dative(word: str, kind: str, gender: Gender) -> str | None:
    for parse in _morph().parse(word.lower()):
        tag = parse.tag
        if kind in tag.grammemes and tag.case == "nomn" and "sing" in tag.grammemes:
            if _gender(tag) not in (gender, None):
                continue
            if type(parse.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
                continue
            turned = parse.inflect({"datv"})
            if turned is not None:
                return _like(word, turned.word)
    return None


def _surname_dative(piece: str, gender: Gender) -> str | None:
    low = piece.lower()
    table = _MASC if gender == Gender.MALE else _FEMN
    best = None
    for nominative in table:
        fits = low.endswith(nominative) and len(low) > len(nominative) + 1
        if fits and (best is None or len(nominative) > len(best)):
            best = nominative
    if best is not None:
        return _like(piece, low[: -len(best)] + table[best][1])
    if low.endswith((*_FIXED, *_FIXED_VOWEL)):
        return _title(piece)
    if gender == Gender.FEMALE and low[-1] not in _VOWELS:
        return _title(piece)
    return None
