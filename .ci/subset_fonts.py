"""Rebuild static/fonts/ from Debian's DejaVu Sans: `.venv/bin/python .ci/subset_fonts.py`.

Keeps the ranges the printed documents need (static/fonts/README.md) and renames the
family "Letters Sans" (PostScript "LettersSans"), so a PDF shows at a glance that every
glyph came from the bundled file and none from a font the server happens to have.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts"
UNICODES = (
    "U+0020-007E,U+00A0-02FF,U+0300-036F,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,"
    "U+2100-218F,U+2190-21FF,U+2200-22FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+2700-27BF,"
    "U+FFFD"
)
FACES = {
    "DejaVuSans.ttf": ("LettersSans.woff2", "Book"),
    "DejaVuSans-Bold.ttf": ("LettersSans-Bold.woff2", "Bold"),
}


def rename(font: TTFont, style: str) -> None:
    family, postscript = "Letters Sans", "LettersSans" + ("-Bold" if style == "Bold" else "")
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            full = f"{family} {style}" if style == "Bold" else family
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(
                f"{postscript}-2.37", 3, record.platformID, record.platEncID, record.langID
            )


def main() -> None:
    for source, (target, style) in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False
        options.desubroutinize = True
        options.layout_features = ["kern", "liga", "mark", "mkmk", "ccmp", "locl"]
        options.name_IDs = ["*"]
        font = subset.load_font(str(SOURCE / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        rename(font, style)
        subset.save_font(font, str(TARGET / target), options)
        print(target, (TARGET / target).stat().st_size, "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
