"""Printable PDFs of an evening, for its chapter's organizers and hosts."""

from flask import Blueprint, Response, abort, request
from flask_login import login_required

from eventsite.auth.models import Role
from eventsite.events.manage import event_for
from eventsite.extensions import db
from eventsite.printing import documents, gather
from eventsite.printing.data import PAPER_SIZES
from eventsite.seating.models import EventTable

bp = Blueprint("printing", __name__, url_prefix="/events/<int:event_id>/print")


def _paper(event) -> str:
    paper = request.args.get("paper", event.chapter.paper_size)
    if paper not in PAPER_SIZES:
        abort(400)
    return paper


def _pdf(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            # Sign-in sheets carry names: keep them out of shared caches.
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/signin.pdf")
@login_required
def signin(event_id: int):
    event = event_for(event_id, Role.HOST)
    evening = gather.evening(event, _paper(event))
    body = documents.signin_pdf(evening, gather.signin_rows(event))
    return _pdf(body, documents.pdf_filename("signin", evening))


@bp.get("/packs.pdf")
@login_required
def packs(event_id: int):
    event = event_for(event_id, Role.HOST)
    evening = gather.evening(event, _paper(event))
    body = documents.packs_pdf(evening, gather.table_sheets(event))
    return _pdf(body, documents.pdf_filename("packs", evening))


@bp.get("/tables/<int:table_id>/pack.pdf")
@login_required
def table_pack(event_id: int, table_id: int):
    event = event_for(event_id, Role.HOST)
    table = db.first_or_404(
        db.select(EventTable).where(EventTable.id == table_id, EventTable.event_id == event.id)
    )
    evening = gather.evening(event, _paper(event))
    body = documents.packs_pdf(evening, gather.table_sheets(event, only=table))
    return _pdf(body, documents.pdf_filename("pack", evening, table.label))


@bp.get("/tally.pdf")
@login_required
def tally(event_id: int):
    event = event_for(event_id, Role.HOST)
    evening = gather.evening(event, _paper(event))
    body = documents.tally_pdf(evening, gather.table_sheets(event))
    return _pdf(body, documents.pdf_filename("tally", evening))


@bp.get("/cards.pdf")
@login_required
def cards(event_id: int):
    event = event_for(event_id, Role.HOST)
    evening = gather.evening(event, _paper(event))
    body = documents.table_cards_pdf(evening, gather.table_sheets(event))
    return _pdf(body, documents.pdf_filename("table-cards", evening))
