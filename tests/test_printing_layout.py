"""Layouts that hold for a hard evening, on A4 and Letter, in English and Russian.

8 tables x 5 prisoners with long biographies, a very long facility name, names with ё
and hyphens, 40 sign-ups with long names, a Cyrillic label and bare numbers as labels.
Every page is read back: page counts, which text is on which page, and where each
character sits (none closer than 8 mm to an edge; table cards 10 mm).
"""

import re

import pytest
from flask_babel import force_locale

from eventsite.printing.data import SigninRow
from eventsite.printing.documents import packs_pdf, signin_pdf, table_cards_pdf, tally_pdf
from tests.builders import print_evening, print_prisoner, print_table
from tests.pdfpages import flat, layout, outside_safe_area, overlapping, pages_text

PAPERS = ["a4", "letter"]
FACILITY = (
    "ФКУ ИК-10 ГУФСИН России по Республике Мордовия (исправительная колония строгого "
    "режима для отбывающих наказание впервые), отряд № 3"
)
BIO = " ".join(
    f"Абзац {n}: любит акварель, старые фильмы и долгие прогулки вдоль реки; ёлки и ёжики."
    for n in range(22)
)


def hard_prisoner(t: int, p: int):
    surname = "Салтыкова-Щедрина" if p % 2 else "Пётр-Алексеев"
    return print_prisoner(
        name_cyrillic=f"{surname} Алёна-Мария Фёдоровна {t}{p}",
        name_latin=f"{'Saltykova-Shchedrina' if p % 2 else 'Pyotr-Alekseev'} Alyona-Maria "
        f"Fyodorovna {t}{p}",
        envelope_lines=(
            f"{surname} Алёне-Марии Фёдоровне {t}{p}, 1984 г. р.",
            FACILITY,
            "ул. Героев Великой Отечественной войны, д. 101, корп. 2",
            "п. Молочница",
            "Республика Мордовия",
            "431130",
            "РОССИЯ",
            "RUSSLAND",
        ),
        bio=BIO,
        interests="Акварель, шахматы, история северных городов, кошки, садоводство. " * 3,
        notes_for_writers="Отвечает медленно; пишите разборчиво, печатными буквами. " * 3,
        restrictions_note="Только открытки без вложений; не больше двух листов.",
    )


def hard_tables(labels=None):
    labels = labels or ["1", "Стол у окна", *[str(n) for n in range(3, 9)]]
    return [
        print_table(
            label=label,
            prisoners=[hard_prisoner(t, p) for p in range(5)],
            attendees=tuple(f"Jean-Baptiste Émile de La Rochefoucauld {t}{a}" for a in range(5)),
        )
        for t, label in enumerate(labels)
    ]


def assert_holds(pdf: bytes, margin_mm: float = 8) -> list[str]:
    pages = layout(pdf)
    strays = outside_safe_area(pages, margin_mm)
    assert not strays, strays[:5]
    overlaps = overlapping(pages)
    assert not overlaps, overlaps[:5]
    return pages_text(pdf)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_hard_evening_packs_keep_every_name_and_margin(app, paper, language):
    tables = hard_tables()
    with force_locale(language):
        pages = assert_holds(packs_pdf(print_evening(paper=paper), tables))
    names = [p.name_cyrillic for t in tables for p in t.prisoners]
    # Every page between a prisoner's first page and the next sheet carries the name.
    # Every page of a prisoner carries the name: first at the top, then in the header.
    seen = []
    for text in pages:
        flat = " ".join(text.split())
        if "Start with:" in text or "Начните так:" in text:
            seen.extend(name for name in names if flat.startswith(name))
        elif "Абзац" in text:
            assert seen and seen[-1] in flat, f"a page without its prisoner's name: {flat[:80]}"
    assert seen == names
    # What a writer needs first comes before the biography, in each prisoner's pages.
    whole = " ".join(" ".join(pages).split())
    for part in re.split("Start with:|Начните так:", whole)[1:]:
        bio = part.index("Абзац 0:")
        for first in ("Акварель, шахматы", "печатными буквами", "Только открытки"):
            assert part.index(first) < bio
    assert "Table 1" in pages[0] or "Стол 1" in pages[0]


def test_a_continuation_page_has_the_prisoners_name_at_the_top(app):
    prisoner = hard_prisoner(0, 0)
    pdf = packs_pdf(print_evening(), [print_table(prisoners=[prisoner])])
    pages = layout(pdf)
    own = [page for page in pages if any(word.text == "Абзац" for word in page.words)]
    assert own
    for page in own:
        top = sorted(page.words, key=lambda w: (round(w.top), w.x0))
        line = " ".join(w.text for w in top if abs(w.top - top[0].top) < 1)
        assert line == prisoner.name_cyrillic


@pytest.mark.parametrize("paper", PAPERS)
def test_each_prisoner_on_a_new_sheet_starts_every_sheet_on_an_odd_page(app, paper):
    tables = hard_tables()[:2]
    pages = pages_text(packs_pdf(print_evening(paper=paper), tables, new_sheets=True))
    firsts = [
        n
        for n, text in enumerate(pages, 1)
        if any(
            " ".join(text.split()).startswith(p.name_cyrillic) and "Start with" in text
            for t in tables
            for p in t.prisoners
        )
    ]
    assert len(firsts) == 10
    assert all(n % 2 == 1 for n in firsts)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("count", range(1, 13))
def test_table_cards_hold_one_to_twelve_prisoners(app, paper, count):
    table = print_table(
        label="Стол у окна",
        prisoners=[hard_prisoner(0, p) for p in range(count)],
    )
    pdf = table_cards_pdf(print_evening(paper=paper), [table])
    (text,) = assert_holds(pdf, margin_mm=10)
    text = flat(text)
    assert text.count("Стол у окна") == 2
    shown = [p for p in table.prisoners if p.name_cyrillic in text]
    if count <= 10:
        assert len(shown) == count
        assert all(text.count(p.name_cyrillic) == 2 for p in shown)
    else:
        assert len(shown) == 9
        assert text.count(f"+{count - 9} more: see the pack") == 2


def test_numeric_table_labels_print_as_table_n(app):
    tables = [print_table(label="1", prisoners=1)]
    for build in (packs_pdf, table_cards_pdf, tally_pdf):
        assert "Table 1" in pages_text(build(print_evening(), tables))[0]
        with force_locale("ru"):
            assert "Стол 1" in pages_text(build(print_evening(), tables))[0]


LONG = "Jean-Baptiste Émile de La Rochefoucauld-Montmorency-Laval du Plessis-Praslin"


@pytest.mark.parametrize("paper", PAPERS)
def test_signin_names_wrap_whole_and_header_rows_repeat(app, paper):
    rows = [SigninRow(name=f"{LONG} {n:02d}", table_label="Стол у окна") for n in range(40)]
    evening = print_evening(paper=paper, capacity=60, venue_address="Laskerstraße 5\n10245 Berlin")
    pages = assert_holds(signin_pdf(evening, rows))
    flat = re.sub(r"\s+", " ", " ".join(pages))
    for n in range(40):
        assert f"{LONG} {n:02d}" in flat
    assert len(pages) >= 2
    assert all("Name" in text and "Table" in text for text in pages)
    assert re.search(r"Laskerstraße 5\n10245 Berlin", pages[0])
    assert "reads Russian" in pages[-1] and "first time" in pages[-1]


@pytest.mark.parametrize("paper", PAPERS)
def test_tally_has_totals_and_the_posted_block_without_an_orphan_page(app, paper):
    tables = hard_tables()
    pages = assert_holds(tally_pdf(print_evening(paper=paper), tables))
    text = "\n".join(pages)
    assert text.count("Table total") == len(tables)
    assert "Evening total" in text
    assert "Posted on" in text and "by post" in text and "e-letters" in text and "by whom" in text
    # The last page carries a table as well as the closing block.
    assert any(p.name_cyrillic in pages[-1] for p in tables[-1].prisoners)
