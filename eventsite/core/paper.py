"""The paper a chapter prints on: one list for the settings form, the table and the printer."""

from flask_babel import lazy_gettext as _l

# Stored value -> CSS `@page { size: … }`.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
PAPER_SIZES = tuple(PAGE_SIZES)
PAPER_LABELS = {"a4": "A4", "letter": _l("US Letter")}
