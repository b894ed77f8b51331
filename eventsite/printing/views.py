"""Printable PDFs of an evening, for its chapter's organizers and hosts."""

from datetime import timedelta
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.models import Role
from eventsite.events.manage import event_for
from eventsite.extensions import db
from eventsite.printing import documents, gather, render
from eventsite.printing.data import PAPER_SIZES
from eventsite.seating.views import table_or_404

bp = Blueprint("printing", __name__, url_prefix="/events/<int:event_id>/print")


def content_disposition(filename: str) -> str:
    """An inline file name that survives HTTP headers (latin-1): ASCII plus the UTF-8 original."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# Documents that carry attendees' names: each print goes into the chapter's audit log.
WITH_NAMES = {"signin", "packs", "pack"}


def _document(event_id: int, kind: str, build, table_id: int | None = None) -> Response:
    """Load the evening (404 for outsiders), build one document, send it inline.

    Documents have a ceiling (tables per evening, prisoners per table), and a big one
    renders in a lane of its own (printing/render.py) so small ones never wait on it.
    """
    event = event_for(event_id, Role.HOST)
    table = table_or_404(event, table_id) if table_id is not None else None
    paper = request.args.get("paper", event.chapter.paper_size)
    if paper not in PAPER_SIZES:
        abort(400)
    size = gather.size(event, only=table)
    if problem := size.too_big(kind):
        return render_template("printing/too_big.html", event=event, problem=problem), 422
    evening = gather.evening(event, paper)
    filename = documents.pdf_filename(kind, evening, table.label if table else None)
    if kind in WITH_NAMES:
        subject = f"{audit.evening(event)}: {kind}" + (f", table {table.label}" if table else "")
        # A PDF viewer may fetch a file twice; one line per few minutes is enough.
        audit.record(
            event.chapter_id,
            current_user,
            AuditAction.NAMES_PRINTED,
            subject,
            once_per=timedelta(minutes=5),
        )
        db.session.commit()
    try:
        with render.big_document(size.is_big(kind)):
            pdf = build(evening, event, table)
    except render.PrintBusy:
        return render_template("printing/busy.html", event=event), 503, {"Retry-After": "30"}
    return Response(
        pdf,
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
