"""Plan an import row by row (create, update, unchanged, error), then write it in one go."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsite.auth.models import User
from eventsite.errors import DomainError
from eventsite.extensions import db
from eventsite.prisoners import services
from eventsite.prisoners.importing.dates import us_style
from eventsite.prisoners.importing.headers import DATE_COLUMNS, ColumnReading, read_header
from eventsite.prisoners.importing.messages import one_catalog
from eventsite.prisoners.importing.readers import Table
from eventsite.prisoners.importing.rows import FileContext, read_row
from eventsite.prisoners.models import IdSource, Prisoner, UnconfirmedReason
from eventsite.prisoners.services import PrisonerData
from eventsite.prisoners.text import normalise


@dataclass
class ParsedFile:
    """An upload as read: kept between preview and confirm, so both see the same rows."""

    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line or row number, cells)
    source: IdSource = IdSource.OWN  # whose ids, unless a row says
    kind: str = "csv"
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[ColumnReading]:
        return read_header(self.header)

    @classmethod
    def from_table(cls, table: Table, source: IdSource) -> "ParsedFile":
        read_header(table.header)  # refuse a file without a name column now, not later
        return cls(
            header=table.header,
            rows=table.rows,
            source=source,
            kind=table.kind,
            encoding=table.encoding,
            sheet=table.sheet,
            sheets=table.sheets,
        )


@dataclass
class RowPlan:
    line: int
    action: str  # create | update | unchanged | error
    name: str
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    data: PrisonerData | None = None
    prisoner: Prisoner | None = None
    address_unsure: bool = False
    cells: list[str] = field(default_factory=list)


@dataclass
class Plan:
    rows: list[RowPlan]
    columns: list[ColumnReading]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def unsure_count(self) -> int:
        return sum(1 for r in self.rows if r.unsure and r.action != "error")

    @property
    def shown(self) -> list[RowPlan]:
        """Rows worth a look, errors first; unchanged rows only when they carry a remark."""
        order = {"error": 0, "update": 1, "create": 2, "unchanged": 3}
        rows = [r for r in self.rows if r.action != "unchanged" or r.unsure or r.notes]
        return sorted(rows, key=lambda r: (order[r.action], not r.unsure, r.line))

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    @property
    def ignored_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.field is None and c.header.strip()]


@dataclass(frozen=True)
class _Probe:
    """Who a row is about, before its data is complete: name and birth."""

    name_ru: str
    birth_date: date | None
    birth_year: int | None


def _birth_fits(prisoner: Prisoner, data) -> bool:
    if prisoner.birth_date and data.birth_date:
        return prisoner.birth_date == data.birth_date
    return prisoner.birth_year == data.birth_year


def plan(parsed: ParsedFile, today: date) -> Plan:
    """Decide for every row: create, update, unchanged or error (with every reason)."""
    columns = parsed.columns
    fields = tuple(c.field for c in columns)
    us_columns = frozenset(
        name
        for name in DATE_COLUMNS
        if name in fields
        and us_style(
            cells[fields.index(name)]
            for _l, cells in parsed.rows
            if len(cells) > fields.index(name)
        )
    )
    context = FileContext(fields=fields, today=today, us_columns=us_columns)
    prisoners = db.session.scalars(
        select(Prisoner).options(
            selectinload(Prisoner.tags),
            selectinload(Prisoner.mail_routes),
            selectinload(Prisoner.restriction_rows),
        )
    ).all()
    by_external = {(p.external_source, p.external_id): p for p in prisoners if p.external_id}
    by_name: dict[str, list[Prisoner]] = {}
    for p in prisoners:
        by_name.setdefault(normalise(p.name_ru), []).append(p)
    seen: dict[object, int] = {}
    with one_catalog():
        rows = [
            _plan_row(line, cells, parsed, context, by_external, by_name, seen, today)
            for line, cells in parsed.rows
        ]
    return Plan(rows=rows, columns=columns)


def _plan_row(line, cells, parsed, context, by_external, by_name, seen, today) -> RowPlan:
    reading = read_row(cells, context)
    values = reading.values
    source = values.get("external_source", parsed.source)
    values["external_source"] = source
    external_id = (values.get("external_id") or "").strip() or None
    errors = list(reading.errors)
    prisoner = by_external.get((source, external_id)) if external_id else None
    probe = _Probe(
        " ".join(values.get("name_ru", "").split()),
        values.get("birth_date"),
        values.get("birth_year"),
    )
    if prisoner is None:
        candidates = [
            p
            for p in by_name.get(normalise(probe.name_ru), [])
            if _birth_fits(p, probe)
            and (
                not external_id
                or (p.external_source, p.external_id) in ((source, None), (source, external_id))
            )
        ]
        if len(candidates) > 1:
            errors.append(_("Several prisoners have this name and birth date; add an external_id."))
        elif candidates:
            prisoner = candidates[0]
    key = (
        ("ext", source, external_id)
        if external_id
        else ("name", normalise(probe.name_ru), probe.birth_date, probe.birth_year)
    )
    if key in seen:
        errors.append(_("This prisoner is already in line %(line)d of the file.", line=seen[key]))
    seen[key] = line
    base = services.current_values(prisoner) if prisoner is not None else {}
    if (
        prisoner is not None
        and not prisoner.name_needs_review
        and not values.get("surname")
        and normalise(values.get("name_ru", "")) == normalise(prisoner.name_ru)
    ):
        # The same name, only not split by this list: keep the parts we have.
        for name in ("name_ru", "surname", "given_name", "patronymic"):
            values.pop(name, None)
        reading.name_unsure = None
    merged = {**base, **values}
    if prisoner is not None and not external_id:
        merged["external_id"] = prisoner.external_id  # an empty cell keeps the id
    data = PrisonerData(**merged)
    errors += list(services.check(data, today).values())
    common = {
        "notes": reading.notes,
        "unsure": [*([reading.name_unsure] if reading.name_unsure else []), *reading.unsure],
        "address_unsure": reading.address_unsure,
        "cells": cells,
    }
    if errors:
        return RowPlan(
            line, "error", (reading.name or probe.name_ru)[:200], errors=errors, **common
        )
    if prisoner is None:
        return RowPlan(line, "create", data.name_ru, data=data, **common)
    changed = list(services.differences(prisoner, data, base))
    action = "update" if changed or reading.address_unsure else "unchanged"
    return RowPlan(
        line, action, data.name_ru, changed=changed, data=data, prisoner=prisoner, **common
    )


def commit(
    the_plan: Plan, user: User | None, today: date, *, valid_only: bool = False
) -> tuple[int, int]:
    """Write the plan in one transaction; return (created, updated).

    All or nothing: a plan with errors writes nothing, unless `valid_only` says to write
    the rows without errors (the others go back to the user as a CSV to fix).
    """
    if not the_plan.ok and not valid_only:
        raise DomainError(
            "import_has_errors", _("The file has rows with errors; nothing was imported.")
        )
    creates = [(r, r.data) for r in the_plan.rows if r.action == "create" and r.data]
    updates = [
        (r, r.prisoner, r.data)
        for r in the_plan.rows
        if r.action == "update" and r.prisoner and r.data
    ]
    try:
        for row, old, data in updates:
            prisoner = services.apply(old, data, user, today=today, source="import")
            if row.address_unsure:
                _unconfirm(prisoner, today)
        db.session.flush()
        ids = services.create_many(
            [data for _r, data in creates], user, source="import", today=today
        )
        unsure = [i for i, (row, _d) in zip(ids, creates, strict=True) if row.address_unsure]
        if unsure:
            for prisoner in db.session.scalars(select(Prisoner).where(Prisoner.id.in_(unsure))):
                _unconfirm(prisoner, today)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(creates), len(updates)


def _unconfirm(prisoner: Prisoner, today: date) -> None:
    if prisoner.address_unconfirmed_on is None:
        prisoner.address_unconfirmed_on = today
        prisoner.address_unconfirmed_reason = UnconfirmedReason.IMPORTED
