"""What the bundled print font can draw, and a visible marker for anything else (emoji).

WeasyPrint falls back to whatever fonts the server has for a character our font lacks,
and prints a box or nothing where it has none. Instead, every run of such characters
(an emoji with its joiners and variation selectors, a flag's two letters) becomes one
U+FFFD, which the bundled font draws: the reader sees something was there.
"""

import re
from functools import cache
from pathlib import Path

MARKER = "\ufffd"
# Joiners and selectors belong to the character before them: they vanish with it.
_GLUE = "\u200d\ufe00-\ufe0f\U000e0020-\U000e007f\U0001f3fb-\U0001f3ff"


@cache
def covered(font_path: str) -> frozenset[int]:
    """Code points the font at `font_path` maps to a glyph."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path) as font:
        return frozenset(font.getBestCmap())


def _ranges(points: frozenset[int]) -> str:
    """A regex character class body listing `points` as ranges."""
    ordered, pieces = sorted(points), []
    start = previous = ordered[0]
    for point in [*ordered[1:], None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        pieces.append(
            re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else "")
        )
        if point is not None:
            start = previous = point
    return "".join(pieces)


@cache
def _missing(font_path: str) -> re.Pattern[str]:
    known = _ranges(covered(font_path) | frozenset(range(0x20)))
    return re.compile(f"(?:[^{known}{_GLUE}][{_GLUE}]*)+")


def mark_missing(text: str, font_path: str | Path) -> str:
    """Replace each run of characters the font cannot draw by one visible marker."""
    return _missing(str(font_path)).sub(MARKER, text)
