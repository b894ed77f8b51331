"""Restrictions on letters: the fixed list, and reading it out of the free text lists carry."""

import re

from eventsite.prisoners.kinds import Restriction

# Phrases support groups write («Только открытки, без фотографий»), in Russian and English.
_PHRASES = {
    Restriction.POSTCARDS_ONLY: (
        r"только\s+открытк|открытки\s+только|postcards?\s+only|only\s+postcards?"
    ),
    Restriction.NO_PHOTOS: (
        r"без\s+фото|фото\w*\s+(?:не|нельзя|запрещ)|не\s+(?:присылать|вкладывать)\s+фото"
        r"|no\s+photo"
    ),
    Restriction.NO_ENCLOSURES: (
        r"без\s+вложени|ничего\s+не\s+вкладыва|вложени\w+\s+(?:не|нельзя|запрещ)"
        r"|no\s+enclosure|nothing\s+(?:inside|enclosed)"
    ),
    Restriction.NO_DRAWINGS: r"без\s+рисунк|рисунк\w*\s+(?:не|нельзя|запрещ)|no\s+drawings?",
    Restriction.RUSSIAN_ONLY: (
        r"только\s+(?:на\s+)?русск|только\s+по-русски|(?:in\s+)?russian\s+only"
        r"|only\s+in\s+russian"
    ),
    Restriction.NO_RELIGION: (
        r"без\s+религи|религи\w*\s+(?:не|нельзя|запрещ)|о\s+религии\s+не|no\s+religio"
    ),
    Restriction.NO_CASE: (
        r"(?:не\s+(?:писать|упоминать)|ничего)\s+(?:о|об|про)\s+(?:деле|дело|уголовн|суд)"
        r"|о\s+деле\s+не|nothing\s+about\s+the\s+case|not?\s+mention\w*\s+the\s+case"
    ),
    Restriction.E_LETTER_ONLY: (
        r"только\s+(?:через\s+)?(?:фсин-?письм|электронн|зонателеком)|e-?letters?\s+only"
        r"|only\s+(?:via|by|through)\s+(?:the\s+)?e-?letter"
    ),
}
_PATTERNS = {code: re.compile(p, re.I) for code, p in _PHRASES.items()}
_CLAUSES = re.compile(r"\s*[,;.\n]+\s*")
# Words that add nothing once a phrase is recognised («только на русском *языке*»).
_FILLER = {"и", "а", "также", "пожалуйста", "язык", "языке", "языком", "пишите", "писать", "ничего"}
_FILLER |= {"and", "also", "please", "the", "language", "write", "letters", "in"}


def read_restrictions(text: str) -> tuple[tuple[Restriction, ...], str]:
    """Return the restrictions a free text names and the clauses left over, in order.

    «Только открытки, без фотографий» → (postcards only, no photos), "". A clause that
    says more than the phrases we know stays as text, as it was written.
    """
    found: list[Restriction] = []
    rest = []
    for clause in _CLAUSES.split((text or "").strip()):
        if not clause.strip():
            continue
        remainder = clause
        for code, pattern in _PATTERNS.items():
            if pattern.search(remainder):
                if code not in found:
                    found.append(code)
                remainder = re.sub(f"(?:{pattern.pattern})\\w*", " ", remainder, flags=re.I)
        words = [w for w in re.findall(r"\w+", remainder.lower()) if w not in _FILLER]
        if words:
            rest.append(clause.strip())
    leftover = ", ".join(rest)
    return tuple(sorted(found)), leftover[:1].upper() + leftover[1:] if leftover else ""


def parse_codes(text: str) -> tuple[tuple[Restriction, ...], list[str]]:
    """Read a list of restriction codes (postcards_only, no_photos); return them and unknowns."""
    codes, unknown = [], []
    for item in re.split(r"[,;]", text or ""):
        item = item.strip().lower()
        if not item:
            continue
        try:
            code = Restriction(item)
        except ValueError:
            unknown.append(item)
        else:
            if code not in codes:
                codes.append(code)
    return tuple(sorted(codes)), unknown
