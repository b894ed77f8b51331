"""Which languages a draft is written in, paragraph by paragraph.

Lingua is restricted to the languages writers actually use and runs in its low-accuracy
(trigram) mode: about 20 MB and well under a millisecond per paragraph, against 280 MB for
the full models, with the same answers on paragraphs of a sentence or more. Each paragraph
is judged on at most `SAMPLE` characters, so a long draft costs no more than a few.
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
MAX_PARAGRAPHS = 40
MIXED_SHARE = 0.15  # a second language with at least this share of letters makes a mixed letter
PARAGRAPH = re.compile(r"[^\n]{1,4000}")
LETTER = re.compile(r"[^\W\d_]")
# Letters only Ukrainian or Belarusian use; a paragraph without them and with ы/э/ъ is Russian.
UK_BE = re.compile(r"[іїєґў]", re.IGNORECASE)
RU_ONLY = re.compile(r"[ыэъ]", re.IGNORECASE)


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
    def mixed(self) -> bool:
        return sum(1 for share in self.shares.values() if share >= MIXED_SHARE) > 1


ENGLISH_ONLY = re.compile(r"\b(?:the|and|you|your|with|have|this|that|is|are|was)\b", re.I)
NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def paragraph_language(text: str) -> str | None:
    """Return the language code of one paragraph, or None if it has too few letters."""
    sample = text[:SAMPLE]
    if len(LETTER.findall(sample)) < 3:
        return None
    # Clear cases need no model: Russian-only letters and no Ukrainian ones, or plain English.
    if not UK_BE.search(sample) and RU_ONLY.search(sample):
        return "ru"
    if not NON_ASCII_LETTER.search(sample) and len(ENGLISH_ONLY.findall(sample)) >= 3:
        return "en"
    found = detector().detect_language_of(sample)
    return CODES.get(found) if found else None


def languages(text: str) -> Languages:
    """Return the draft's main language and each language's share of its letters."""
    counts: Counter[str] = Counter()
    for number, match in enumerate(PARAGRAPH.finditer(text)):
        if number >= MAX_PARAGRAPHS:
            break
        code = paragraph_language(match.group())
        if code:
            counts[code] += len(LETTER.findall(match.group()[:SAMPLE]))
    total = sum(counts.values())
    if not total:
        return Languages(None, {})
    shares = {code: n / total for code, n in counts.most_common()}
    return Languages(next(iter(shares)), shares)
