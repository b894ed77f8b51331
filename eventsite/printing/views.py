"""Printable PDFs of an evening, for its chapter's organizers and hosts."""

from collections.abc import Callable
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request

from eventsite.auth.models import Role
from eventsite.core.paper import PAPER_SIZES
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.printing import documents, gather
from eventsite.printing.data import Evening
from eventsite.printing.render import PrintingUnavailable
from eventsite.seating.access import table_or_404
from eventsite.seating.models import EventTable

bp = Blueprint("printing", __name__, url_prefix="/events/<int:event_id>/print")

Builder = Callable[[Evening, Event, EventTable | None], bytes]


def content_disposition(filename: str) -> str:
    """An inline file name that survives HTTP headers (latin-1): ASCII plus the UTF-8 original."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _document(event: Event, kind: str, build: Builder, table_id: int | None = None) -> Response:
    """Build one document of the evening (and table) and send it inline."""
    table = table_or_404(event, table_id) if table_id is not None else None
    paper = request.args.get("paper", event.chapter.paper_size)
    if paper not in PAPER_SIZES:
        abort(400)
    evening = gather.evening(event, paper)
    filename = documents.pdf_filename(kind, evening, table.label if table else None)
    return Response(
        build(evening, event, table),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": content_disposition(filename),
            # Sign-in sheets carry names: keep them out of shared caches.
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/signin.pdf")
@event_role_required(Role.HOST)
def signin(event: Event):
    return _document(
        event,
        "signin",
        lambda ev, event, _t: documents.signin_pdf(ev, gather.signin_rows(event)),
    )


@bp.get("/packs.pdf")
@event_role_required(Role.HOST)
def packs(event: Event):
    return _document(
        event, "packs", lambda ev, event, _t: documents.packs_pdf(ev, gather.table_sheets(event))
    )


@bp.get("/tables/<int:table_id>/pack.pdf")
@event_role_required(Role.HOST)
def table_pack(event: Event, table_id: int):
    return _document(
        event,
        "pack",
        lambda ev, event, table: documents.packs_pdf(ev, gather.table_sheets(event, only=table)),
        table_id,
    )


@bp.get("/tally.pdf")
@event_role_required(Role.HOST)
def tally(event: Event):
    return _document(
        event, "tally", lambda ev, event, _t: documents.tally_pdf(ev, gather.table_sheets(event))
    )


@bp.get("/cards.pdf")
@event_role_required(Role.HOST)
def cards(event: Event):
    return _document(
        event,
        "table-cards",
        lambda ev, event, _t: documents.table_cards_pdf(ev, gather.table_sheets(event)),
    )


@bp.errorhandler(PrintingUnavailable)
def printing_unavailable(error: PrintingUnavailable):
    """Explain, instead of a 500, that this server lacks the libraries PDFs need."""
    return render_template("errors/printing_unavailable.html", command=error.command), 503
