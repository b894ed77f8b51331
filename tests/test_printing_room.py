"""Writer's sheets, the birthday poster and the host's run-sheet; QR codes scanned back."""

from datetime import date

import pytest
from flask_babel import force_locale

from eventsite.printing.data import BirthdayRow, SigninRow
from eventsite.printing.documents import packs_pdf, signin_pdf
from eventsite.printing.room import birthday_poster_pdf, run_sheet_pdf, writer_sheets_pdf
from tests.builders import print_evening, print_table
from tests.pdfpages import flat, layout, outside_safe_area, overlapping, pages_text, qr_codes
from tests.test_printing_layout import hard_tables

PAPERS = ["a4", "letter"]
URLS = {
    "evening_url": "https://letters.example.org/events/17",
    "letter_check_url": "https://letters.example.org/letter-check",
}


def holds(pdf: bytes) -> list[str]:
    pages = layout(pdf)
    assert not outside_safe_area(pages)
    assert not overlapping(pages)
    return pages_text(pdf)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_writers_sheet_per_seat_is_one_double_sided_sheet(app, paper, language):
    tables = [print_table(label="1", seats=3), print_table(label="Стол у окна", seats=2)]
    with force_locale(language):
        pages = holds(writer_sheets_pdf(print_evening(paper=paper, **URLS), tables))
    assert len(pages) == 2 * 5
    fronts = pages[0::2]
    assert sum("стол у окна" in text.casefold() for text in fronts) == 2
    assert all("Здравствуйте" in text for text in pages[1::2])


def test_the_writers_sheet_qr_code_opens_the_letter_check(app):
    pdf = writer_sheets_pdf(print_evening(**URLS), [print_table(seats=1)])
    assert qr_codes(pdf, page=1) == [URLS["letter_check_url"]]


def test_the_sign_in_sheet_and_the_pack_cover_carry_the_evenings_page(app):
    evening = print_evening(**URLS)
    signin = signin_pdf(evening, [SigninRow(name="Anna")])
    assert qr_codes(signin, page=len(pages_text(signin))) == [URLS["evening_url"]]
    assert qr_codes(packs_pdf(evening, [print_table(prisoners=1)]), page=1) == [URLS["evening_url"]]


@pytest.mark.parametrize("paper", PAPERS)
def test_birthday_poster_lists_post_by_dates_soonest_first(app, paper):
    rows = [
        BirthdayRow(
            name_cyrillic="Ёлкина Анна-Мария",
            name_latin="Yolkina Anna-Maria",
            birthday=date(2026, 1, 20),
            post_by=date(2025, 12, 30),
            age=40,
        ),
        BirthdayRow(
            name_cyrillic="Петров Пётр",
            name_latin="Petrov Pyotr",
            birthday=date(2026, 1, 5),
            post_by=date(2025, 12, 15),
        ),
    ]
    (text,) = holds(birthday_poster_pdf(print_evening(paper=paper), rows))
    text = flat(text)
    assert text.index("Петров Пётр") < text.index("Ёлкина Анна-Мария")
    assert "December 15" in text or "15 December" in text
    assert "turns 40" in text
    with force_locale("ru"):
        (russian,) = pages_text(birthday_poster_pdf(print_evening(paper=paper), rows))
    assert "15 декабря" in russian


@pytest.mark.parametrize("paper", PAPERS)
def test_run_sheet_is_one_page_with_tables_readers_and_timings(app, paper):
    tables = [
        print_table(label="1", prisoners=5, russian_readers=2, first_timers=1),
        *hard_tables()[1:],
    ]
    (text,) = holds(run_sheet_pdf(print_evening(paper=paper), tables))
    text = flat(text)
    assert "Table 1" in text and "Стол у окна" in text
    assert "18:00" in text and "18:30" in text and "21:00" in text  # set-up, doors, close
    assert "Writing" in text
    # A table with people and no Russian reader is marked.
    assert "⚠" in text
