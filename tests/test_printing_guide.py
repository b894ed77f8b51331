"""The writing guide and the phrase sheet: traceable to their sources, readable, never mixing."""

import io
import json
from pathlib import Path

from flask_babel import force_locale
from pypdf import PdfReader

from eventsite.printing import documents
from eventsite.printing.room import writer_sheets_pdf
from eventsite.safety.rules import sources
from tests.builders import print_evening, print_table
from tests.pdfpages import flat, pages_text

GROUPS = ["opening", "about_me", "everyday", "birthday", "holidays", "closing"]


def test_every_point_and_phrase_group_names_known_sources():
    known = set(sources())
    guide = json.loads(documents.GUIDE_FILE.read_text(encoding="utf-8"))
    phrases = json.loads(documents.PHRASES_FILE.read_text(encoding="utf-8"))
    for entry in [*guide["points"], *phrases["sections"]]:
        assert entry["sources"], entry["id"]
        assert set(entry["sources"]) <= known, entry["id"]
    assert [section["id"] for section in phrases["sections"]] == GROUPS


def test_the_guide_is_documented_with_its_sources():
    docs = Path(__file__).resolve().parent.parent / "docs" / "user-guide.md"
    text = docs.read_text(encoding="utf-8")
    guide = json.loads(documents.GUIDE_FILE.read_text(encoding="utf-8"))
    for source in {s for point in guide["points"] for s in point["sources"]}:
        assert sources()[source]["url"] in text


def test_the_guide_says_what_first_time_writers_abroad_need(app):
    pdf = writer_sheets_pdf(print_evening(), [print_table(seats=1)])
    front, back = (flat(text) for text in pages_text(pdf))
    for point in (
        "No flags, maps, military images",
        "no pity",
        "ask for block letters",
        "Introduce yourself",
        "Religion",
        "enclose a blank envelope",
        "have the whole letter translated",
        "Never mix languages",
    ):
        assert point in front
    assert "mix them with your own words" not in front + back
    for phrase in (
        "С наступающим Новым годом!",
        "Я пишу с помощью переводчика",
        "Отвечать не обязательно",
        "Меня зовут",
        "first name and patronymic",
    ):
        assert phrase in back
    assert "Пусть новый год жизни" not in back
    with force_locale("ru"):
        front_ru = flat(pages_text(writer_sheets_pdf(print_evening(), [print_table()]))[0])
    assert "Не смешивайте языки" in front_ru


def test_translations_print_at_nine_and_a_half_points_or_more(app):
    pdf = writer_sheets_pdf(print_evening(), [print_table(seats=1)])
    back = PdfReader(io.BytesIO(pdf)).pages[1]
    sizes = {}

    def visit(text, cm, tm, _font, size):
        scale = (tm[0] * cm[0]) if tm and cm else 1
        if text.strip():
            sizes[text.strip()] = round(size * abs(scale), 2)

    back.extract_text(visitor_text=visit)
    translations = [s for t, s in sizes.items() if t.startswith(("Happy birthday!", "Warmly"))]
    assert translations and min(translations) >= 9.5
