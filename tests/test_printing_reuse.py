"""Parts laid out once and reused (the packs' writing guide, the envelopes' return address)
print what a fresh layout prints and are never served stale (language, paper, text, label)."""

import io
import json
from dataclasses import replace

import pytest
from flask import render_template
from flask_babel import force_locale
from pypdf import PdfReader

from eventsite.printing import documents, mailing, render
from eventsite.printing.documents import packs_pdf
from tests.builders import print_evening, print_table


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def placed(pdf: bytes) -> list[list[tuple[str, int, int]]]:
    """Per page the text pieces with where they start, to the point."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        pieces: list[tuple[str, int, int]] = []

        def visit(text, cm, tm, *_args, pieces=pieces):
            if text.strip():
                pieces.append((text, round(cm[4] + tm[4]), round(cm[5] + tm[5])))

        page.extract_text(visitor_text=visit)
        out.append(sorted(pieces))
    return out


def packs_html(evening, tables, *, insert_pages: int, new_sheets=False) -> str:
    return render_template(
        "print/packs.html",
        page_number_css=render.page_number_css(),
        insert_pages=insert_pages,
        **documents._common(evening),
        tables=tables,
        guide=documents.writing_guide(documents.language()),
        new_sheets=new_sheets,
    )


def laid_out_in_place(evening, tables, new_sheets=False) -> bytes:
    """The packs with the guide laid out inside every table's pack, nothing reused."""
    html = packs_html(evening, tables, insert_pages=0, new_sheets=new_sheets)
    return render.html_to_pdf(html, evening.paper)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("new_sheets", [False, True])
def test_reused_guide_prints_what_a_fresh_layout_prints(app, paper, new_sheets):
    evening = print_evening(paper=paper)
    tables = [
        print_table(prisoners=2, label="1"),
        print_table(prisoners=1, label="Стол у окна, где стоит большой фикус"),
        print_table(prisoners=3, label="Garden"),
    ]
    with app.test_request_context():
        packs_pdf(evening, tables, new_sheets=new_sheets)  # the guide is now in the cache
        reused = packs_pdf(evening, tables, new_sheets=new_sheets)
        fresh = laid_out_in_place(evening, tables, new_sheets)

    assert pages(reused) == pages(fresh)  # same pages, same text, same page numbers
    assert placed(reused) == placed(fresh)  # and every piece of text in the same place
    guides = [text for text in pages(reused) if "Writing guide" in text]
    assert len(guides) == 3
    # Each table's guide carries its own label, in the eyebrow and the footer.
    for guide, label in zip(guides, ("TABLE 1", "СТОЛ У ОКНА", "GARDEN"), strict=True):
        assert label in guide


def test_changing_the_language_changes_the_reused_guide(app):
    evening, tables = print_evening(), [print_table(prisoners=1), print_table(prisoners=1)]
    with app.test_request_context():
        english = pages(packs_pdf(evening, tables))
        with force_locale("ru"):
            russian = pages(packs_pdf(evening, tables))
        english_again = pages(packs_pdf(evening, tables))

    assert sum("Writing guide" in text for text in english) == 2
    assert not any("Writing guide" in text for text in russian)
    assert sum("Памятка для пишущих" in text for text in russian) == 2
    assert english_again == english


def test_changing_a_guide_text_changes_the_reused_guide(app, tmp_path, monkeypatch):
    evening, tables = print_evening(), [print_table(prisoners=1)]
    with app.test_request_context():
        before = "\n".join(pages(packs_pdf(evening, tables)))
        guide = json.loads(documents.GUIDE_FILE.read_text(encoding="utf-8"))
        guide["points"][0]["en"] = "Write in blue ink on Tuesdays, said nobody."
        edited = tmp_path / "guide.json"
        edited.write_text(json.dumps(guide, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(documents, "GUIDE_FILE", edited)
        after = "\n".join(pages(packs_pdf(evening, tables)))

    assert "Write by hand and legibly" in before
    assert "said nobody" not in before
    assert "said nobody" in after
    assert "Write by hand and legibly" not in after


def test_changing_the_paper_changes_the_reused_guide(app):
    tables = [print_table(prisoners=1)]
    with app.test_request_context():
        for paper, height in (("a4", 842), ("letter", 792), ("a4", 842)):
            reader = PdfReader(io.BytesIO(packs_pdf(print_evening(paper=paper), tables)))
            assert {round(float(page.mediabox.height)) for page in reader.pages} == {height}


def test_a_label_that_wraps_on_the_guide_is_laid_out_in_place(app):
    # Labels are at most 40 characters in the app; a longer one wraps the guide's eyebrow,
    # the reused guide would not line up, so the packs lay the guide out in place.
    label = " ".join(["Стол у самого дальнего окна"] * 8)
    evening, tables = print_evening(), [print_table(prisoners=1, label=label)]
    with app.test_request_context():
        packs_pdf(evening, tables)
        reused = packs_pdf(evening, tables)
        fresh = laid_out_in_place(evening, tables)

    assert pages(reused) == pages(fresh)
    assert placed(reused) == placed(fresh)


def envelopes_laid_out_whole(evening, tables, size):
    """The envelopes with each return address laid out on its own page, nothing reused."""
    prisoners = mailing.prisoners_of(tables)
    return documents.render("print/envelopes.html", evening, prisoners=prisoners, size=size)


@pytest.mark.parametrize("size", ["c6", "dl"])
def test_reused_return_address_prints_what_a_fresh_layout_prints(app, size):
    evening, tables = print_evening(), [print_table(prisoners=2), print_table(prisoners=1)]
    with app.test_request_context():
        mailing.envelopes_pdf(evening, tables, size)
        reused = mailing.envelopes_pdf(evening, tables, size)
        fresh = envelopes_laid_out_whole(evening, tables, size)

    assert len(pages(reused)) == 3
    assert placed(reused) == placed(fresh)


def test_another_return_address_is_never_served_from_the_cache(app):
    tables = [print_table(prisoners=2)]
    with app.test_request_context():
        first = "\n".join(pages(mailing.envelopes_pdf(print_evening(), tables, "dl")))
        other = replace(tables[0], prisoners=tuple(with_sender(p) for p in tables[0].prisoners))
        second = pages(mailing.envelopes_pdf(print_evening(), [other], "dl"))
        # Two senders in one print: each envelope keeps its own.
        mixed = replace(other, prisoners=(other.prisoners[0], tables[0].prisoners[1]))
        both = pages(mailing.envelopes_pdf(print_evening(), [mixed], "dl"))

    assert "Postfach 77" not in first
    assert all("Postfach 77" in text for text in second)
    assert "Postfach 77" in both[0]
    assert "Postfach 77" not in both[1]


def with_sender(prisoner):
    lines = ("Letters from Berlin", "Postfach 77", "10999 Berlin", "GERMANY")
    return replace(prisoner, envelope=replace(prisoner.envelope, from_lines=lines))


def test_every_slot_marker_of_the_packs_is_unique(app):
    """Each table's guide slot names its own table: no id twice in one document."""
    import re
    from collections import Counter

    evening = print_evening()
    tables = [print_table(prisoners=1, label=str(n)) for n in range(1, 4)]
    with app.test_request_context():
        html = packs_html(evening, tables, insert_pages=3)
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [name for name, n in ids.items() if n > 1] == []
    assert {name for name in ids if name.startswith("insert-")} == {
        f"insert-{n}-{k}" for n in range(1, 4) for k in range(3)
    }
