"""Text helpers for names: search normalisation and Latin transliteration."""

import re
from functools import lru_cache

import iuliia
from iuliia import nlp

# ICAO Doc 9303 is what Russian passports use since 2014, so the Latin name matches the
# prisoner's documents. Search also knows the spellings people type from news articles.
PASSPORT_SCHEMA = iuliia.ICAO_DOC_9303
SEARCH_SCHEMAS = (iuliia.ICAO_DOC_9303, iuliia.WIKIPEDIA, iuliia.MOSMETRO)

_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Fold case and ё→е and squeeze spaces, so a search matches however it was typed."""
    return _SPACES.sub(" ", (text or "").lower().replace("ё", "е")).strip()


@lru_cache(maxsize=50_000)
def _word(schema: iuliia.Schema, word: str) -> str:
    return schema.translate(word)


def _translate(schema: iuliia.Schema, text: str) -> str:
    # Word by word, as iuliia does, remembering words: names repeat across a list
    # (Иван, Ивановна …), and an import of thousands spends most of its time here.
    return "".join(_word(schema, word) for word in nlp.word_reader(text))


def transliterate(name_ru: str) -> str:
    """Return the passport-style Latin spelling of a Cyrillic name."""
    return _translate(PASSPORT_SCHEMA, _SPACES.sub(" ", name_ru or "").strip())


def search_text(name_ru: str | None, name_latin: str | None, *places: str | None) -> str:
    """Build the text the directory search looks in."""
    parts = [name_ru, name_latin]
    parts += [_translate(schema, name_ru or "") for schema in SEARCH_SCHEMAS]
    parts += places
    seen: list[str] = []
    for part in map(normalise, parts):
        if part and part not in seen:
            seen.append(part)
    return " | ".join(seen)


def like_pattern(term: str) -> str:
    """Return a LIKE pattern (escape char `\\`) that finds `term` anywhere."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def name_matches(query: str, name: str | None) -> bool:
    """Whether `query` is part of `name` in either alphabet: «бор» finds "Boris", "bor" «Борис».

    The same transliterations as the directory search, applied to both sides.
    """
    needle = normalise(query)
    if not needle:
        return True
    haystack = search_text(name, None)
    needles = {needle, *(normalise(schema.translate(needle)) for schema in SEARCH_SCHEMAS)}
    return any(n and n in haystack for n in needles)
