"""Envelopes, address label sheets and postcard backs: the envelope block on other paper.

The block itself comes from prisoners.envelope (through gather); these builders only
lay it out. An address that must not be posted prints as a warning, never as an address.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from eventsite.printing.data import Evening, PrisonerCard, TableSheet
from eventsite.printing.documents import _common, render
from eventsite.printing.render import render_with_insert


@dataclass(frozen=True)
class LabelLayout:
    """A sheet of address labels as the stationery shops sell it (sizes in mm)."""

    name: str
    paper: str
    columns: int
    rows: int
    width: float
    height: float
    top: float
    left: float
    column_gap: float
    padding_x: float = 3.0
    padding_y: float = 2.0

    def font_size(self, lines: Sequence[str]) -> float:
        """The largest type (pt) at which `lines` fit the label, wrapped; 5 pt at least."""
        width = self.width - 2 * self.padding_x
        height = self.height - 2 * self.padding_y
        for size in (8.0, 7.5, 7.0, 6.5, 6.0, 5.5):
            em = size * 25.4 / 72  # mm
            per_line = max(1, int(width / (AVERAGE_ADVANCE * em)))
            wrapped = sum(math.ceil(max(len(line), 1) / per_line) for line in lines)
            if wrapped * LINE_HEIGHT * em <= height:
                return size
        return 5.0


# Letter Sans (DejaVu) averages about 0.6 em per character of an address; lines 1.15 em.
AVERAGE_ADVANCE = 0.6
LINE_HEIGHT = 1.15


# Avery L7159 (A4, 3 x 8, 63.5 x 33.9 mm) and Avery 5160 (Letter, 3 x 10, 2 5/8 x 1 in):
# both keep the labels far enough from the sheet's edge for 8 mm of blank paper.
LABEL_LAYOUTS = {
    "a4": LabelLayout(
        "Avery L7159 (3 × 8, 63.5 × 33.9 mm)", "a4", 3, 8, 63.5, 33.9, 13.1, 7.2, 2.5
    ),
    "letter": LabelLayout(
        "Avery 5160 (3 × 10, 2⅝ × 1 in)",
        "letter",
        3,
        10,
        66.675,
        25.4,
        12.7,
        4.76,
        3.175,
        padding_x=3.5,
        padding_y=1.5,
    ),
}
ENVELOPES = {"c6": ("162mm", "114mm"), "dl": ("220mm", "110mm")}


def prisoners_of(tables: Sequence[TableSheet]) -> list[PrisonerCard]:
    return [prisoner for table in tables for prisoner in table.prisoners]


def envelopes_pdf(evening: Evening, tables: Sequence[TableSheet], size: str = "c6") -> bytes:
    """One envelope per prisoner: return address top left, the address block bottom right."""
    if size not in ENVELOPES:
        raise ValueError(f"envelope size must be one of {tuple(ENVELOPES)}, not {size!r}")
    prisoners = prisoners_of(tables)
    senders = {prisoner.envelope.from_lines for prisoner in prisoners}
    if len(senders) != 1 or not next(iter(senders)):
        return render("print/envelopes.html", evening, prisoners=prisoners, size=size)
    # One return address on every envelope: laid out once, drawn onto each page.
    common = _common(evening)
    return render_with_insert(
        "print/envelopes.html",
        "print/envelopes.html",
        insert_context={**common, "prisoners": prisoners[:1], "size": size, "part": "from"},
        **common,
        prisoners=prisoners,
        size=size,
    )


def labels_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """A sheet (or more) of address labels, one per prisoner, in the paper's common layout."""
    layout = LABEL_LAYOUTS[evening.paper]
    prisoners = prisoners_of(tables)
    per_sheet = layout.columns * layout.rows
    sheets = [prisoners[i : i + per_sheet] for i in range(0, len(prisoners), per_sheet)] or [[]]
    return render("print/labels.html", evening, sheets=sheets, layout=layout)


def postcards_pdf(evening: Evening, tables: Sequence[TableSheet]) -> bytes:
    """Postcard backs, four to a sheet with cut marks: salutation and envelope block printed."""
    prisoners = prisoners_of(tables)
    sheets = [prisoners[i : i + 4] for i in range(0, len(prisoners), 4)] or [[]]
    return render("print/postcards.html", evening, sheets=sheets)
