"""CSV import and export of the directory: decode, parse, plan, then write all or nothing."""

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsite.auth.models import User
from eventsite.core.csv import csv_text, unsafe_cell
from eventsite.errors import DomainError
from eventsite.extensions import db
from eventsite.prisoners import services
from eventsite.prisoners.models import MailRoute, Prisoner, PrisonerStatus
from eventsite.prisoners.services import PrisonerData, normalise

COLUMNS = (
    "external_id",
    "name_ru",
    "name_latin",
    "birth_date",
    "status",
    "postal_code",
    "region",
    "town",
    "street",
    "facility",
    "arrest_date",
    "sentence",
    "tags",
    "mail_routes",
    "mail_notes",
    "bio",
    "interests",
    "writer_notes",
    "restrictions",
    "source_url",
    "last_reviewed",
)
MAX_ROWS = 20_000
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


class ImportFileError(DomainError):
    """The file as a whole cannot be read."""


@dataclass
class ParsedFile:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, column → cell)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class RowPlan:
    line: int
    action: str  # create | update | unchanged | error
    name: str
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    data: PrisonerData | None = None
    prisoner: Prisoner | None = None


@dataclass
class Plan:
    rows: list[RowPlan]
    ignored_columns: list[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def shown(self) -> list[RowPlan]:
        """Return the rows worth a look, errors first; unchanged rows are only counted."""
        order = {"error": 0, "update": 1, "create": 2}
        rows = [r for r in self.rows if r.action in order]
        return sorted(rows, key=lambda r: (order[r.action], r.line))

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def decode(raw: bytes) -> str:
    """Return the text of an uploaded file in UTF-8 (with or without BOM) or Windows-1251."""
    if not raw.strip():
        raise ImportFileError("empty_file", _("The file is empty."))
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "spreadsheet",
            _("This is a spreadsheet file, not CSV. Save it as “CSV (UTF-8)” and upload that."),
        )
    if b"\x00" in raw:
        raise ImportFileError(
            "binary", _("This does not look like a CSV text file. Save it as “CSV (UTF-8)”.")
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1251")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "encoding",
                _("The file's encoding is not UTF-8 or Windows-1251. Save it as “CSV (UTF-8)”."),
            ) from error
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > len(text) // 100:
        raise ImportFileError(
            "binary", _("This does not look like a CSV text file. Save it as “CSV (UTF-8)”.")
        )
    return text


def parse(raw: bytes) -> ParsedFile:
    """Read the header and the rows of an uploaded CSV file."""
    text = decode(raw)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
        names = [h.strip().lower() for h in header]
        if "name_ru" not in names:
            raise ImportFileError(
                "no_header",
                _(
                    "The first line must name the columns, including name_ru. "
                    "Found: %(found)s. See the README for the columns.",
                    found=", ".join(h for h in header[:8] if h.strip())[:200] or "—",
                ),
            )
        duplicates = sorted({n for n in names if n and names.count(n) > 1})
        if duplicates:
            raise ImportFileError(
                "duplicate_columns",
                _("These columns appear twice: %(cols)s.", cols=", ".join(duplicates)),
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    "too_many_rows",
                    _("The file has more than %(n)d rows; split it.", n=MAX_ROWS),
                )
            row = {
                name: unsafe_cell(cells[i].strip()) if i < len(cells) else ""
                for i, name in enumerate(names)
                if name in COLUMNS
            }
            if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
                row["__extra__"] = "1"
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFileError(
            "bad_csv",
            _("Line %(line)d cannot be read as CSV: %(error)s", line=reader.line_num, error=error),
        ) from error
    if not rows:
        raise ImportFileError("no_rows", _("The file has a header but no rows."))
    columns = [n for n in names if n in COLUMNS]
    ignored = [h for h, n in zip(header, names, strict=True) if n not in COLUMNS and h.strip()]
    return ParsedFile(columns=columns, rows=rows, ignored_columns=ignored)


def _parse_date(value: str) -> date | None:
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def row_data(row: dict[str, str], base: dict) -> tuple[PrisonerData | None, list[str]]:
    """Turn a row into prisoner data over `base` (current values); return it and any errors."""
    values = dict(base)
    errors = []
    for column, cell in row.items():
        if column in services.TEXT_FIELDS:
            values[column] = cell
        elif column in services.DATE_FIELDS:
            try:
                values[column] = _parse_date(cell)
            except ValueError:
                errors.append(
                    _(
                        "%(col)s: “%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY).",
                        col=column,
                        value=cell[:40],
                    )
                )
        elif column == "status":
            try:
                values["status"] = PrisonerStatus(cell.lower() or "active")
            except ValueError:
                errors.append(
                    _(
                        "status: “%(value)s” is not one of %(known)s.",
                        value=cell[:40],
                        known=", ".join(s.value for s in PrisonerStatus),
                    )
                )
        elif column == "tags":
            values["tags"] = services.parse_tags(cell)
        elif column == "mail_routes":
            routes = []
            for name in services.parse_tags(cell):
                try:
                    routes.append(MailRoute(name.strip().lower()))
                except ValueError:
                    errors.append(
                        _(
                            "mail_routes: “%(value)s” is not one of %(known)s.",
                            value=name.strip()[:40],
                            known=", ".join(r.value for r in MailRoute),
                        )
                    )
            values["mail_routes"] = tuple(routes)
    if "__extra__" in row:
        errors.append(_("The row has more cells than the header has columns."))
    if errors:
        return None, errors
    return PrisonerData(**values), []


def _key(name_ru: str, birth: date | None) -> tuple[str, date | None]:
    return normalise(name_ru), birth


def plan(parsed: ParsedFile, today: date) -> Plan:
    """Decide for every row: create, update, unchanged or error (with the reasons)."""
    prisoners = db.session.scalars(
        select(Prisoner).options(selectinload(Prisoner.tags), selectinload(Prisoner.mail_routes))
    ).all()
    by_external = {p.external_id: p for p in prisoners if p.external_id}
    by_name: dict[tuple, list[Prisoner]] = {}
    for p in prisoners:
        by_name.setdefault(_key(p.name_ru, p.birth_date), []).append(p)
    seen: dict[object, int] = {}
    result = []
    for line, row in parsed.rows:
        result.append(_plan_row(line, row, today, by_external, by_name, seen))
    return Plan(rows=result, ignored_columns=parsed.ignored_columns)


def _plan_row(line, row, today, by_external, by_name, seen) -> RowPlan:
    name = row.get("name_ru", "")
    external_id = row.get("external_id", "") or None
    try:
        birth = _parse_date(row.get("birth_date", ""))
    except ValueError:
        birth = None
    prisoner = None
    errors = []
    if external_id:
        prisoner = by_external.get(external_id)
    if prisoner is None:
        candidates = [
            p
            for p in by_name.get(_key(name, birth), [])
            if not external_id or p.external_id in (None, external_id)
        ]
        if len(candidates) > 1:
            errors.append(_("Several prisoners have this name and birth date; add an external_id."))
        elif candidates:
            prisoner = candidates[0]
    key = ("ext", external_id) if external_id else ("name", _key(name, birth))
    if key in seen:
        errors.append(_("This prisoner is already in line %(line)d of the file.", line=seen[key]))
    seen[key] = line
    base = services.current_values(prisoner) if prisoner else {"name_ru": name}
    if prisoner is not None and not external_id:
        row = {**row, "external_id": prisoner.external_id or ""}  # an empty cell keeps the id
    data, row_errors = row_data(row, base)
    errors += row_errors
    if data is not None:
        errors += list(services.check(data, today).values())
    if errors or data is None:
        return RowPlan(line, "error", name[:200], errors=errors)
    changed = list(services.differences(prisoner, data))
    if prisoner is None:
        return RowPlan(line, "create", data.name_ru, data=data)
    action = "update" if changed else "unchanged"
    return RowPlan(line, action, data.name_ru, changed=changed, data=data, prisoner=prisoner)


def commit(the_plan: Plan, user: User | None, today: date) -> tuple[int, int]:
    """Write a plan without errors in one transaction; return (created, updated)."""
    if not the_plan.ok:
        raise DomainError(
            "import_has_errors", _("The file has rows with errors; nothing was imported.")
        )
    creates = [row.data for row in the_plan.rows if row.action == "create" and row.data]
    updates = [
        (row.prisoner, row.data)
        for row in the_plan.rows
        if row.action == "update" and row.prisoner and row.data
    ]
    try:
        for prisoner, data in updates:
            services.apply(prisoner, data, user, today=today, source="import")
        db.session.flush()
        services.create_many(creates, user, source="import")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(creates), len(updates)


def export(prisoners) -> str:
    """Return the directory as CSV text with the import's columns (UTF-8 with a BOM, comma)."""
    return csv_text(COLUMNS, (_export_row(p) for p in prisoners))


def export_table(prisoners) -> list[list[object]]:
    """The directory as typed rows with the import's columns (dates stay dates), for .xlsx."""
    return [_export_row(p, typed=True) for p in prisoners]


def _export_row(prisoner, typed: bool = False) -> list:
    values = services.current_values(prisoner)
    cells: list = []
    for column in COLUMNS:
        value = values.get(column)
        if column in ("tags", "mail_routes"):
            value = ", ".join(str(v) for v in value or ())
        elif isinstance(value, date):
            value = value if typed else value.isoformat()
        elif value is not None:
            value = str(value)
        cells.append(value if typed else ("" if value is None else value))
    return cells
