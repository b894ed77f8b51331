"""One printed document: its data, its cache key, its PDF; for the pages and the workers.

The key hashes the plain data the document is built from (dataclasses with a stable
repr), the design (print templates, stylesheet and JSON texts, by size and mtime), the
language and the paper, so a cached file is served only for exactly what it shows.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale

from eventsite.core import filecache
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.printing import documents, gather
from eventsite.printing.data import Evening
from eventsite.seating.models import EventTable

# kind -> (gather its data from the evening and table, build the PDF from plain data)
KINDS: dict[str, tuple[Callable[..., Any], Callable[..., bytes]]] = {
    "signin": (lambda event, _t: gather.signin_rows(event), documents.signin_pdf),
    "packs": (lambda event, _t: gather.table_sheets(event), documents.packs_pdf),
    "pack": (lambda event, table: gather.table_sheets(event, only=table), documents.packs_pdf),
    "tally": (lambda event, _t: gather.table_sheets(event), documents.tally_pdf),
    "table-cards": (lambda event, _t: gather.table_sheets(event), documents.table_cards_pdf),
}


@dataclass(frozen=True)
class Document:
    event_id: int
    kind: str
    table_id: int | None
    paper: str
    language: str
    evening: Evening
    data: object
    key: str

    @property
    def family(self) -> str:
        """Files of this document, whatever their content: newer replaces older."""
        return f"{self.kind}-{self.table_id or 'all'}-{self.paper}-{self.language}"

    @property
    def name(self) -> str:
        return f"{self.family}--{self.key}"


def design_version() -> str:
    """The print templates, stylesheet and texts as they are on disk (sizes and mtimes)."""
    app = current_app
    files = [
        *sorted(Path(app.template_folder or "templates", "print").glob("*.html")),
        Path(app.static_folder or "static", "css", "print.css"),
        *sorted(Path(documents.HERE).glob("*.json")),
        *sorted(Path(documents.HERE).parent.joinpath("safety").glob("*.json")),
    ]
    stamp = [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists()]
    return hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]


def prepare(
    event: Event, kind: str, table: EventTable | None, paper: str, language: str
) -> Document:
    """Gather the document's data (a few queries, no rendering) and name it by its content."""
    collect, _build = KINDS[kind]
    with force_locale(language):
        evening = gather.evening(event, paper)
        data = collect(event, table)
    digest = hashlib.sha256()
    for part in (kind, paper, language, design_version(), repr(evening), repr(data)):
        digest.update(part.encode())
        digest.update(b"\0")
    table_id = table.id if table else None
    return Document(event.id, kind, table_id, paper, language, evening, data, digest.hexdigest())


def cached(document: Document) -> bytes | None:
    return filecache.read(document.event_id, document.name)


def build(document: Document) -> bytes:
    """Render the document, keep it in the cache, return it."""
    _collect, render = KINDS[document.kind]
    with force_locale(document.language):
        pdf = render(document.evening, document.data)
    filecache.write(document.event_id, document.family, document.name, pdf)
    return pdf


def build_by_ids(
    event_id: int, kind: str, table_id: int | None, paper: str, language: str
) -> str | None:
    """In a worker: render what a page asked for, from the data as it is now."""
    event = db.session.get(Event, event_id)
    table = db.session.get(EventTable, table_id) if table_id is not None else None
    if event is None or (table_id is not None and (table is None or table.event_id != event_id)):
        return None
    document = prepare(event, kind, table, paper, language)
    if cached(document) is None:
        build(document)
    return document.name


def refresh(event_id: int) -> list[str]:
    """Render again, from the data as it is now, every document of the evening printed before.

    Called when its tables change, so the next print of a big pack is already there.
    """
    done = []
    families = {path.stem.split("--", 1)[0] for path in filecache.folder(event_id).glob("*.pdf")}
    for family in sorted(families):
        kind, table, paper, language = family.rsplit("-", 3)
        table_id = None if table == "all" else int(table)
        name = build_by_ids(event_id, kind, table_id, paper, language)
        if name:
            done.append(name)
    return done
