"""How a table is named on paper: a label that is only a number reads "Table 1" / «Стол 1»."""

from flask_babel import gettext as _


def table_title(label: str) -> str:
    """Return `label`, or "Table <label>" in the current language when it is a bare number."""
    label = label.strip()
    if label.isdigit():
        return _("Table %(label)s", label=label)
    return label
