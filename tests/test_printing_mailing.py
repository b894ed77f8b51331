"""Envelopes, address labels and postcard backs: the one envelope block on other paper."""

import io

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from eventsite.printing.mailing import (
    LABEL_LAYOUTS,
    envelopes_pdf,
    labels_pdf,
    postcards_pdf,
)
from tests.builders import print_evening, print_prisoner, print_table
from tests.pdfpages import MM, flat, layout, outside_safe_area, overlapping, pages_text
from tests.test_printing_layout import hard_tables

PAPERS = ["a4", "letter"]


def holds(pdf: bytes, margin_mm: float = 8) -> list[str]:
    pages = layout(pdf)
    strays = outside_safe_area(pages, margin_mm)
    assert not strays, strays[:3]
    assert not overlapping(pages)
    return [flat(text) for text in pages_text(pdf)]


def sizes_mm(pdf: bytes) -> set[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in reader.pages
    }


@pytest.mark.parametrize(("size", "mm"), [("c6", (162, 114)), ("dl", (220, 110))])
def test_an_envelope_per_prisoner_with_the_block_bottom_right(app, size, mm):
    tables = hard_tables()[:2]
    pdf = envelopes_pdf(print_evening(), tables, size)
    pages = holds(pdf)
    assert sizes_mm(pdf) == {mm}
    prisoners = [p for t in tables for p in t.prisoners]
    assert len(pages) == len(prisoners)
    words = layout(pdf)
    for prisoner, text, page in zip(prisoners, pages, words, strict=True):
        for line in (*prisoner.envelope.to_lines, *prisoner.envelope.from_lines):
            assert flat(line) in text
        # The return address sits top left, the country line of the block bottom right.
        sender = next(w for w in page.words if w.text == "Postfach")
        country = next(w for w in page.words if w.text == "RUSSLAND")
        assert sender.x0 < page.width / 3 and sender.top < page.height / 3
        assert country.x0 > page.width / 3 and country.top > page.height / 2


def test_an_address_not_to_post_prints_as_a_warning_everywhere(app):
    stale = print_prisoner(postable=False)
    table = print_table(prisoners=[stale])
    for build in (envelopes_pdf, labels_pdf, postcards_pdf):
        text = " ".join(pages_text(build(print_evening(), [table])))
        assert "do not post" in text
        assert stale.envelope.to_lines[1] not in text


@pytest.mark.parametrize("paper", PAPERS)
def test_label_sheets_name_their_layout_and_hold_every_address(app, paper):
    tables = hard_tables()  # 40 prisoners: two sheets of 24 on A4, of 30 on Letter
    pdf = labels_pdf(print_evening(paper=paper), tables)
    pages = holds(pdf)
    per_sheet = {"a4": 24, "letter": 30}[paper]
    assert len(pages) == -(-40 // per_sheet)
    assert all(LABEL_LAYOUTS[paper].name in text for text in pages)
    whole = " ".join(pages)
    for prisoner in (p for t in tables for p in t.prisoners):
        assert flat(prisoner.envelope.to_lines[0]) in whole
        assert prisoner.envelope.to_lines[-3] in whole  # postal code


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_postcard_backs_four_to_a_sheet_with_the_salutation(app, paper, language):
    tables = [*hard_tables()[:1], print_table(prisoners=2)]
    with force_locale(language):
        pdf = postcards_pdf(print_evening(paper=paper), tables)
    pages = holds(pdf, margin_mm=8)
    assert len(pages) == 2  # 7 backs
    assert pages[0].count("Здравствуйте") == 4
    words = layout(pdf)[0]
    # One salutation in each quarter of the sheet.
    quarters = {
        (w.x0 > words.width / 2, w.top > words.height / 2)
        for w in words.words
        if w.text == "Здравствуйте,"
    }
    assert len(quarters) == 4
