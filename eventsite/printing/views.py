"""Printable PDFs of an evening, for its chapter's organizers and hosts."""

from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required

from eventsite.auth.models import Role
from eventsite.events.manage import event_for
from eventsite.printing import documents, gather
from eventsite.printing.data import PAPER_SIZES
from eventsite.printing.render import PrintingUnavailable
from eventsite.seating.views import table_or_404

bp = Blueprint("printing", __name__, url_prefix="/events/<int:event_id>/print")


def content_disposition(filename: str) -> str:
    """An inline file name that survives HTTP headers (latin-1): ASCII plus the UTF-8 original."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _document(event_id: int, kind: str, build, table_id: int | None = None) -> Response:
    """Load the evening (404 for outsiders), build one document, send it inline."""
    event = event_for(event_id, Role.HOST)
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
@login_required
def signin(event_id: int):
    return _document(
        event_id,
        "signin",
        lambda ev, event, _t: documents.signin_pdf(ev, gather.signin_rows(event)),
    )


@bp.get("/packs.pdf")
@login_required
def packs(event_id: int):
    return _document(
        event_id, "packs", lambda ev, event, _t: documents.packs_pdf(ev, gather.table_sheets(event))
    )


@bp.get("/tables/<int:table_id>/pack.pdf")
@login_required
def table_pack(event_id: int, table_id: int):
    return _document(
        event_id,
        "pack",
        lambda ev, event, table: documents.packs_pdf(ev, gather.table_sheets(event, only=table)),
        table_id,
    )


@bp.get("/tally.pdf")
@login_required
def tally(event_id: int):
    return _document(
        event_id, "tally", lambda ev, event, _t: documents.tally_pdf(ev, gather.table_sheets(event))
    )


@bp.get("/cards.pdf")
@login_required
def cards(event_id: int):
    return _document(
        event_id,
        "table-cards",
        lambda ev, event, _t: documents.table_cards_pdf(ev, gather.table_sheets(event)),
    )


@bp.errorhandler(PrintingUnavailable)
def printing_unavailable(error: PrintingUnavailable):
    """Explain, instead of a 500, that this server lacks the libraries PDFs need."""
    return render_template("errors/printing_unavailable.html", command=error.command), 503
