"""The printed documents, read back with pypdf: paper, pages, text that can be copied."""

import io
import re

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from eventsite.printing.data import SigninRow
from eventsite.printing.documents import (
    packs_pdf,
    pdf_filename,
    signin_pdf,
    table_cards_pdf,
    tally_pdf,
)
from eventsite.safety.topics import topics as letter_topics
from tests.builders import print_evening, print_prisoner, print_table

SIZES = {"a4": (595, 842), "letter": (612, 792)}


def read(pdf: bytes) -> tuple[PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def assert_paper(reader: PdfReader, paper: str) -> None:
    width, height = SIZES[paper]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_packs_have_a_cover_prisoner_pages_and_the_guide_per_table(app, paper):
    tables = [print_table(prisoners=3, label="Стол 1"), print_table(prisoners=2, label="Window")]
    reader, text = read(packs_pdf(print_evening(paper=paper), tables))

    assert_paper(reader, paper)
    # Per table: a cover, a page per prisoner, the writing guide and the phrase sheet.
    assert len(reader.pages) == (1 + 3 + 2) + (1 + 2 + 2)
    assert "page 1 of 11" in text
    assert "page 11 of 11" in text
    cover = reader.pages[0].extract_text()
    assert "Стол 1" in cover
    assert "Anna K. · Борис · Chris" in cover
    for table in tables:
        for prisoner in table.prisoners:
            assert prisoner.name_cyrillic in text
            assert prisoner.name_latin in text
    assert tables[0].prisoners[0].name_cyrillic in reader.pages[1].extract_text()
    assert "Window" in reader.pages[6].extract_text()


def test_envelope_block_and_return_address_can_be_copied_exactly(app):
    prisoner = print_prisoner(
        envelope_lines=(
            "618263, Пермский край,",
            "г. Губаха, п. Шахтёрский, ул. Энергетиков, д. 1,",
            "ФКУ ИК-9 ГУФСИН России по Пермскому краю,",
            "Горинову Алексею Александровичу, 1961 г. р.",
        ),
        mail_routes=("Paper post", "FSIN-Pismo"),
    )
    evening = print_evening(return_address="Письма с воли\nPostfach 44 01 22\n10999 Berlin")
    reader, _ = read(packs_pdf(evening, [print_table(prisoners=[prisoner])]))

    page = reader.pages[1].extract_text()
    lines = page.splitlines()
    for line in (*prisoner.envelope_lines, "Письма с воли", "Postfach 44 01 22", "10999 Berlin"):
        assert line in lines
    assert prisoner.birthday_note in page
    assert "born 20.12.1991" in page
    for field in (prisoner.restrictions, "Paper post · FSIN-Pismo", prisoner.interests):
        assert field in page


def test_a_one_table_pack_is_the_same_builder(app):
    table = print_table(prisoners=1)
    reader, text = read(packs_pdf(print_evening(), [table]))
    assert len(reader.pages) == 1 + 1 + 2
    assert table.prisoners[0].name_cyrillic in text


def test_guide_lists_the_letter_check_topics_and_russian_phrases(app):
    _, text = read(packs_pdf(print_evening(), [print_table(prisoners=1)]))
    for topic in letter_topics().values():
        assert topic["title"]["en"] in text
    assert "no stickers, tape, glitter" in text
    assert "Поздравляю вас с днём рождения!" in text
    assert "Happy birthday!" in text

    with force_locale("ru"):
        _, russian = read(packs_pdf(print_evening(), [print_table(prisoners=1)]))
    for topic in letter_topics().values():
        assert topic["title"]["ru"] in russian


def test_long_biography_flows_onto_a_second_page_without_losing_text(app):
    bio = " ".join(f"Строка {n} о жизни, книгах и саде." for n in range(120))
    prisoner = print_prisoner(bio=bio)
    reader, text = read(packs_pdf(print_evening(), [print_table(prisoners=[prisoner])]))
    assert len(reader.pages) > 1 + 1 + 2
    assert "Строка 119 о жизни" in text


@pytest.mark.parametrize("build", [packs_pdf, tally_pdf, table_cards_pdf])
def test_documents_made_per_table_explain_when_there_are_no_tables(app, build):
    reader, text = read(build(print_evening(), []))
    assert len(reader.pages) == 1
    assert "No tables yet" in text
    assert "choose prisoners" in text


def test_signin_sheet_lists_names_by_name_and_walk_in_rows_without_emails(app):
    rows = [
        SigninRow(name="Юлия", table_label="Стол 2"),
        SigninRow(name="anna", table_label="Table 1"),
        SigninRow(name="Boris", table_label=None),
    ]
    evening = print_evening(capacity=30, data_retention_days=30)
    reader, text = read(signin_pdf(evening, rows))

    assert_paper(reader, "a4")
    assert "@" not in text
    assert evening.venue_name in text
    assert "Friday, December 12, 2025, 6:30" in text
    assert "deleted 30 days after" in text
    positions = [text.index(name) for name in ("anna", "Boris", "Юлия")]
    assert positions == sorted(positions)
    assert re.search(r"Юлия\s+Стол 2", text)
    # Walk-ins: as many numbered rows as free seats (30 - 3), at least ten.
    walkins = re.findall(r"^(\d+) +☐", text, flags=re.M)
    assert walkins == [str(n) for n in range(1, 28)]


@pytest.mark.parametrize(
    ("capacity", "walkin_rows", "expected"), [(None, None, 10), (5, None, 10), (30, 4, 4)]
)
def test_signin_sheet_has_at_least_ten_walk_in_rows_unless_told(
    app, capacity, walkin_rows, expected
):
    rows = [SigninRow(name=f"Guest {n}") for n in range(3)]
    _, text = read(signin_pdf(print_evening(capacity=capacity), rows, walkin_rows))
    assert len(re.findall(r"^\d+ +☐", text, flags=re.M)) == expected


def test_a_long_signin_sheet_runs_over_pages_with_numbers(app):
    rows = [SigninRow(name=f"Гость {n:03d}", table_label="Table 1") for n in range(120)]
    reader, text = read(signin_pdf(print_evening(paper="letter", capacity=120), rows))
    assert_paper(reader, "letter")
    assert len(reader.pages) >= 3
    assert f"page {len(reader.pages)} of {len(reader.pages)}" in text
    assert all(f"Гость {n:03d}" in text for n in range(120))


def test_signin_sheet_prints_without_tables_or_rsvps(app):
    reader, text = read(signin_pdf(print_evening(capacity=None), []))
    assert len(reader.pages) == 1
    assert "No confirmed attendees yet" in text


def test_tally_sheet_has_each_tables_prisoners_with_boxes(app):
    tables = [print_table(prisoners=2, label="Стол 1"), print_table(prisoners=3, label="Window")]
    reader, text = read(tally_pdf(print_evening(paper="letter"), tables))
    assert_paper(reader, "letter")
    assert len(reader.pages) == 1
    assert text.count("Letters") >= 2
    assert text.count("Postcards") == 2
    for table in tables:
        assert table.label in text
        for prisoner in table.prisoners:
            assert prisoner.name_cyrillic in text


def test_table_cards_are_one_folded_page_per_table(app):
    tables = [print_table(prisoners=2, label="Стол 1"), print_table(prisoners=5, label="Window")]
    reader, text = read(table_cards_pdf(print_evening(), tables))
    assert_paper(reader, "a4")
    assert len(reader.pages) == 2
    assert "page 1 of" not in text
    for index, table in enumerate(tables):
        page = reader.pages[index].extract_text()
        assert page.count(table.label) == 2  # both halves of the tent
        for prisoner in table.prisoners:
            assert page.count(prisoner.name_cyrillic) == 2


def test_user_text_is_printed_as_text(app):
    bio = '<script>alert("x")</script> <b>bold</b> & “quotes”'
    prisoner = print_prisoner(bio=bio, name_cyrillic="Пётр <i>Иванов</i>")
    _, text = read(packs_pdf(print_evening(), [print_table(prisoners=[prisoner])]))
    assert bio in text
    assert "Пётр <i>Иванов</i>" in text


def test_evening_rejects_unknown_paper_and_naive_times():
    with pytest.raises(ValueError, match="paper"):
        print_evening(paper="a3")
    with pytest.raises(ValueError, match="timezone"):
        print_evening(starts_local=print_evening().starts_local.replace(tzinfo=None))


def test_file_names_carry_the_date_and_table_label():
    evening = print_evening()
    assert pdf_filename("signin", evening) == "signin-2025-12-12.pdf"
    assert pdf_filename("pack", evening, "Стол 2 / окно") == "pack-2025-12-12-стол-2-окно.pdf"
