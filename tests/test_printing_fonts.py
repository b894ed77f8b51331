"""The bundled font covers what we print; nothing else is embedded; emoji leave a mark."""

import io
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from eventsite.printing.documents import packs_pdf
from eventsite.printing.glyphs import MARKER
from eventsite.printing.render import html_to_pdf
from tests.builders import print_evening, print_prisoner, print_table

LATIN = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA1, 0x180) if c != 0xAD)  # Latin-1 and Extended-A
    + "äöüßẞÄÖÜ ąćęłńóśźżĄĆĘŁŃÓŚŹŻ čďěňřšťůžČĎĚŇŘŠŤŮŽ çğıİöşüÇĞÖŞÜ"
    + "ǯ ǰ ʼ ș ț Ș Ț ǧ ǩ"  # Georgian transliteration, Romanian, Sami, Lithuanian-style marks
)
CYRILLIC = "".join(chr(c) for c in range(0x400, 0x460)) + "ҐґЄєІіЇїЎўЁё"
SYMBOLS = "№ ₽ « » „ “ ” ‘ ’ — – … ≈ ʼ ☐ ☑ ✓ ✗ € £ • · ⚠ ⅝"
EVERYTHING = LATIN + CYRILLIC + SYMBOLS
# WeasyPrint names an embedded font after its family (renamed "Letters Sans" when
# bundled, .ci/subset_fonts.py) and style; a server font would show its own name.
OURS = {"Letters-Sans", "Letters-Sans-Bold"}


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_bundled_font_has_every_character_we_print(app):
    for face in ("LettersSans.woff2", "LettersSans-Bold.woff2"):
        with TTFont(Path(app.static_folder, "fonts", face)) as font:
            cmap = font.getBestCmap()
        missing = sorted({ch for ch in EVERYTHING if ch.strip() and ord(ch) not in cmap})
        assert not missing, f"{face} lacks {missing}"


def test_the_whole_set_prints_in_the_bundled_font_only(app):
    html = f"<p>{EVERYTHING}</p><p><b>{EVERYTHING}</b></p>"
    pdf = html_to_pdf(html)
    assert embedded_fonts(pdf) == OURS
    text = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for ch in EVERYTHING:
        if ch.strip():
            assert ch in text, f"{ch!r} (U+{ord(ch):04X}) is not in the PDF's text"
    assert MARKER not in text


def test_emoji_in_user_text_print_as_a_visible_marker(app):
    prisoner = print_prisoner(interests="Кошки 🐈‍⬛ и книги 📚📚, флаги 🇩🇪 нет")
    pdf = packs_pdf(print_evening(), [print_table(prisoners=[prisoner])])
    assert embedded_fonts(pdf) <= OURS
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[1].extract_text().split())
    assert f"Кошки {MARKER} и книги {MARKER}, флаги {MARKER} нет" in text
