"""Fold a draft into one plain lowercase form for matching, remembering where each char came from.

A censor reads «мо­билизации» with a soft hyphen, «мобили-⏎зация» across a line break,
«Пyтинa» with Latin letters, «бляяять» and «в0йне» the way they are meant; so must we. Every
character of the folded text keeps the span of the original characters it stands for, so a
finding always points at what the writer typed.
"""

import re
import unicodedata
from dataclasses import dataclass
from itertools import compress

# Invisible characters a word processor or a messenger leaves inside words.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u0301\u0300")
# A word hyphenated across a line break: the hyphen, the break and any spaces around it.
HYPHENATION = re.compile(r"(?<=\w)[-\u2010\u2011][ \t]{0,8}\r?\n[ \t]{0,8}(?=\w)")
CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")
# Latin letters and digits that look like Cyrillic ones, as they appear inside Cyrillic words.
LOOK_ALIKES = {
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
    "0": "о",
    "3": "з",
    "6": "б",
}


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the original span it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the original text that folded[start:end] came from."""
        if start >= end:
            return (self.starts[start], self.starts[start]) if start < len(self.starts) else (0, 0)
        return self.starts[start], self.ends[end - 1]


LOOK_ALIKE_TABLE = str.maketrans(LOOK_ALIKES)
FOLD_TABLE = str.maketrans({"ё": "е"})
INVISIBLE_RUN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]{1,100}")
# Where a Cyrillic letter touches a Latin look-alike or a digit inside a word: «пyтин», «в0йне».
SCRIPT_SEAM = re.compile(r"[а-яёіїєґў][abcehkmoptxy036]|[abcehkmoptxy036][а-яёіїєґў]")
WORD_CHARS = re.compile(r"[^\W_]{1,80}")
STRETCHED = re.compile(r"([^\W\d_])\1{2,200}")


def _slow_fold(text: str) -> tuple[str, list[int], list[int]]:
    """Fold character by character, for text NFKC would change or lowercasing would lengthen."""
    chars, starts, ends = [], [], []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKC", ch).lower():
            chars.append(part)
            starts.append(i)
            ends.append(i + 1)
    return "".join(chars), starts, ends


def _drop(text: str, starts: list[int], ends: list[int], spans) -> tuple[str, list[int], list[int]]:
    """Remove the characters at `spans` (folded positions), keeping the maps in step."""
    keep = bytearray(b"\x01") * len(text)
    for start, end in spans:
        keep[start:end] = bytes(end - start)
    return (
        "".join(compress(text, keep)),
        list(compress(starts, keep)),
        list(compress(ends, keep)),
    )


def fold(text: str) -> Folded:
    """Return the text folded for matching: NFKC, lowercase, ё→е, invisibles and breaks removed."""
    lowered = text.lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFKC", text):
        folded, starts, ends = lowered, list(range(len(text))), list(range(1, len(text) + 1))
    else:
        folded, starts, ends = _slow_fold(text)
    folded = folded.translate(FOLD_TABLE)
    drops = [m.span() for m in INVISIBLE_RUN.finditer(folded)]
    if drops:
        folded, starts, ends = _drop(folded, starts, ends, drops)
    drops = [m.span() for m in HYPHENATION.finditer(folded)]
    if drops:
        folded, starts, ends = _drop(folded, starts, ends, drops)
    seams = [m.start() for m in SCRIPT_SEAM.finditer(folded)]
    if seams:
        pieces, position = [], 0
        for seam in seams:
            if seam < position:
                continue
            start = seam
            while start > max(position, seam - 60) and folded[start - 1].isalnum():
                start -= 1
            word = WORD_CHARS.match(folded, start)
            end = max(word.end() if word else 0, seam + 2)
            pieces += [folded[position:start], folded[start:end].translate(LOOK_ALIKE_TABLE)]
            position = end
        folded = "".join([*pieces, folded[position:]])
    # Three or more of the same letter are one letter stretched: «бляяять», "sooo".
    stretched = [m.span() for m in STRETCHED.finditer(folded)]
    if stretched:
        for start, end in stretched:
            ends[start] = ends[end - 1]
        folded, starts, ends = _drop(folded, starts, ends, [(s + 1, e) for s, e in stretched])
    return Folded(folded, tuple(starts), tuple(ends))


def squeeze_doubles(word: str) -> str:
    """Return a word with doubled letters made single («наваальный» → «навальный»... almost)."""
    return re.sub(r"([^\W\d_])\1", r"\1", word)


CYR_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "і": "i", "ї": "i", "є": "e", "ґ": "g",
    }
)  # fmt: skip
LATIN_LETTERS = str.maketrans({"x": "ks", "w": "v", "y": "i", "j": "i", "q": "k"})
SHCH = re.compile(r"s?sch|shch")
LONE_H = re.compile(r"(?<![kzcs])h")
DOUBLE = re.compile(r"(.)\1")


def latin_key(word: str) -> str:
    """Return how a Latin-script word sounds in a rough common spelling (voyna → voina)."""
    word = SHCH.sub("sh", word.lower()).translate(LATIN_LETTERS)
    if "h" in word:
        word = LONE_H.sub("kh", word)
    return DOUBLE.sub(r"\1", word)


def cyrillic_key(word: str) -> str:
    """Return a Cyrillic word spelt the way `latin_key` spells transliterations (война → voina)."""
    return latin_key(word.lower().translate(CYR_TO_LATIN))
