"""Imports of the lists groups publish (CSV in any usual encoding, .xlsx, .ods) and the export.

read (readers) → name the columns (headers) → read each row (rows: names, dates,
addresses, custody, restrictions) → plan every row (planning) → write all or nothing.
"""

from eventsite.prisoners.importing.exporting import export, export_table, rejects
from eventsite.prisoners.importing.headers import COLUMNS, LABELS, read_header
from eventsite.prisoners.importing.planning import ParsedFile, Plan, RowPlan, commit, plan
from eventsite.prisoners.importing.readers import MAX_ROWS, ImportFileError, read
from eventsite.prisoners.models import IdSource

__all__ = [
    "COLUMNS",
    "LABELS",
    "MAX_ROWS",
    "ImportFileError",
    "ParsedFile",
    "Plan",
    "RowPlan",
    "commit",
    "export",
    "export_table",
    "parse",
    "plan",
    "read_header",
    "rejects",
]


def parse(raw: bytes, source: IdSource = IdSource.OWN, sheet: str | None = None) -> ParsedFile:
    """Read an uploaded file into rows and name its columns; refuse what cannot be read."""
    return ParsedFile.from_table(read(raw, sheet), source)
