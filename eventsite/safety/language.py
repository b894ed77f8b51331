"""Which languages a draft is written in, sentence by sentence.

Lingua is restricted to the languages writers actually use and runs in its low-accuracy
(trigram) mode: about 20 MB and well under a millisecond per paragraph, against 280 MB for
the full models, with the same answers on paragraphs of a sentence or more. Each sentence
is judged on at most `SAMPLE` characters, and at most `MAX_CHUNKS` of them are judged.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from lingua import Language, LanguageDetectorBuilder

CODES = {
    Language.RUSSIAN: "ru",
    Language.UKRAINIAN: "uk",
    Language.BELARUSIAN: "be",
    Language.ENGLISH: "en",
    Language.GERMAN: "de",
    Language.FRENCH: "fr",
    Language.SPANISH: "es",
    Language.ITALIAN: "it",
    Language.POLISH: "pl",
    Language.GEORGIAN: "ka",
    Language.KAZAKH: "kk",
}
SAMPLE = 400
MAX_CHUNKS = 80
MIXED_SHARE = 0.15  # a second language with at least this share of letters makes a mixed letter
# A chunk judged on its own: a sentence, or a line (a letter may switch language mid-paragraph).
CHUNK = re.compile(r"[^.!?…\n]{1,400}[.!?…]{0,3}")
LETTER = re.compile(r"[^\W\d_]")
# Letters only Ukrainian or Belarusian use.
UK_BE = re.compile(r"[іїєґў]", re.IGNORECASE)


@cache
def detector():
    """Return the language detector, built once per process."""
    return (
        LanguageDetectorBuilder.from_languages(*CODES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


@dataclass(frozen=True)
class Languages:
    main: str | None  # None when the draft has no letters
    shares: dict[str, float]

    @property
    def cyrillic_share(self) -> float:
        return sum(v for k, v in self.shares.items() if k in ("ru", "uk", "be", "kk"))

    @property
    def mixed(self) -> bool:
        return sum(1 for share in self.shares.values() if share >= MIXED_SHARE) > 1


ENGLISH_ONLY = re.compile(r"\b(?:the|and|you|your|with|have|this|that|is|are|was)\b", re.I)
# Russian typed in Latin letters (no Cyrillic keyboard): its commonest little words.
TRANSLIT_WORDS = re.compile(
    r"\b(?:privet|u\s+nas|vse|vsyo|ochen|horosho|khorosho|menya|tebya|chto|eto|kak|"
    r"tut|pro|ne|na|ya|my|ty|obnimayu|pishu|spasibo|tozhe|dela|segodnya|vchera)\b",
    re.I,
)
CYRILLIC = re.compile(r"[а-яёіїєґў]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)
NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def paragraph_language(text: str, ukrainian_letters: bool = True) -> str | None:
    """Return the language code of one sentence, or None if it has too few letters.

    Clear cases need no model: in a draft without a single і ї є ґ ў, Cyrillic is Russian;
    plain Latin with English little words is English, with Russian ones it is Russian typed
    in Latin letters.
    """
    sample = text[:SAMPLE]
    if len(LETTER.findall(sample)) < 3:
        return None
    cyrillic = len(CYRILLIC.findall(sample))
    if not ukrainian_letters and cyrillic > len(LATIN.findall(sample)):
        return "ru"
    if not NON_ASCII_LETTER.search(sample):
        english = len(ENGLISH_ONLY.findall(sample))
        translit = len(TRANSLIT_WORDS.findall(sample))
        if translit >= 2 and english < 2:
            return "ru-latn"
        if english >= 1 and translit == 0:
            return "en"
    found = detector().detect_language_of(sample)
    return CODES.get(found) if found else None


def languages(text: str) -> Languages:
    """Return the draft's main language and each language's share of its letters."""
    counts: Counter[str] = Counter()
    ukrainian_letters = UK_BE.search(text) is not None
    for number, match in enumerate(CHUNK.finditer(text)):
        if number >= MAX_CHUNKS:
            break
        code = paragraph_language(match.group(), ukrainian_letters)
        if code:
            counts[code] += len(LETTER.findall(match.group()[:SAMPLE]))
    total = sum(counts.values())
    if not total:
        return Languages(None, {})
    shares = {code: n / total for code, n in counts.most_common()}
    return Languages(next(iter(shares)), shares)
