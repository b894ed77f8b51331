"""Printable PDFs of an evening, for its chapter's organizers and hosts."""

from datetime import timedelta
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.models import Role
from eventsite.core import filecache
from eventsite.core.paper import PAPER_SIZES
from eventsite.core.tasks import dispatch, has_broker
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.printing import documents, gather, jobs, mailing, render
from eventsite.printing.render import PrintingUnavailable
from eventsite.seating.access import table_or_404

bp = Blueprint("printing", __name__, url_prefix="/events/<int:event_id>/print")

REFRESH_SECONDS = 2  # the "preparing your PDF" page reloads itself this often


def content_disposition(filename: str) -> str:
    """An inline file name that survives HTTP headers (latin-1): ASCII plus the UTF-8 original."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# Documents that carry attendees' names: each print goes into the chapter's audit log.
WITH_NAMES = {"signin", "packs", "pack"}


def _document(
    event: Event, kind: str, table_id: int | None = None, job: str | None = None
) -> Response:
    """Send one document of the evening (and table) inline.

    Every document (`jobs.KINDS`; `job` names a variant of `kind`, which keeps the file
    name and the limits) is sent at once when it is rendered already
    (`instance/print-cache/`, named by its content); with a broker a worker renders it and
    this answers a page that reloads itself until the file is there; without one it
    renders here. A big one renders in a lane of its own (printing/render.py) so small ones
    never wait on it. Documents have a ceiling (tables per evening, prisoners per table).
    """
    job = job or kind
    table = table_or_404(event, table_id) if table_id is not None else None
    paper = request.args.get("paper", event.chapter.paper_size)
    if paper not in PAPER_SIZES:
        abort(400)
    size = gather.size(event, only=table)
    if problem := size.too_big(kind):
        return Response(render_template("printing/too_big.html", event=event, problem=problem), 422)
    language = documents.language()
    document = jobs.prepare(event, job, table, paper, language)
    filename = documents.pdf_filename(kind, document.evening, table.label if table else None)
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
    pdf = jobs.cached(document)
    if pdf is None and has_broker():
        big = size.is_big(kind)
        if filecache.claim(event.id, document.name):
            dispatch(
                "printing.render",
                event.id,
                job,
                table_id,
                paper,
                language,
                lane="print" if big else "",
            )
        if not big:
            # A small document takes a worker well under a second: wait for it here, so
            # the host's first tap brings the PDF itself rather than a page to wait on.
            wait = current_app.config["PRINT_WAIT_SECONDS"]
            pdf = filecache.wait_for(event.id, document.name, wait)
    if pdf is None and has_broker():
        page = render_template("printing/preparing.html", event=event, refresh=REFRESH_SECONDS)
        return Response(page, 202, {"Retry-After": str(REFRESH_SECONDS)})
    if pdf is None:
        try:
            with render.big_document(size.is_big(kind)):
                pdf = jobs.build(document)
        except render.PrintBusy:
            page = render_template("printing/busy.html", event=event)
            return Response(page, 503, {"Retry-After": "30"})
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
@event_role_required(Role.HOST)
def signin(event: Event):
    return _document(event, "signin")


def _new_sheets() -> bool:
    """`?new_sheets=1`: each prisoner on a sheet of their own, for duplex printers."""
    return request.args.get("new_sheets") == "1"


@bp.get("/packs.pdf")
@event_role_required(Role.HOST)
def packs(event: Event):
    return _document(event, "packs", job="packs+new-sheets" if _new_sheets() else None)


@bp.get("/tables/<int:table_id>/pack.pdf")
@event_role_required(Role.HOST)
def table_pack(event: Event, table_id: int):
    job = "pack+new-sheets" if _new_sheets() else None
    return _document(event, "pack", table_id, job=job)


@bp.get("/tables/<int:table_id>/cards.pdf")
@event_role_required(Role.HOST)
def table_cards(event: Event, table_id: int):
    return _document(event, "table-cards", table_id)


@bp.get("/writer.pdf")
@event_role_required(Role.HOST)
def writer_sheets(event: Event):
    return _document(event, "writer")


@bp.get("/tables/<int:table_id>/writer.pdf")
@event_role_required(Role.HOST)
def table_writer_sheets(event: Event, table_id: int):
    return _document(event, "writer", table_id)


@bp.get("/envelopes.pdf")
@event_role_required(Role.HOST)
def envelopes(event: Event):
    size = request.args.get("size", "c6")
    if size not in mailing.ENVELOPES:
        abort(400)
    return _document(event, f"envelopes-{size}")


@bp.get("/labels.pdf")
@event_role_required(Role.HOST)
def labels(event: Event):
    return _document(event, "labels")


@bp.get("/postcards.pdf")
@event_role_required(Role.HOST)
def postcards(event: Event):
    return _document(event, "postcards")


@bp.get("/birthdays.pdf")
@event_role_required(Role.HOST)
def birthdays(event: Event):
    return _document(event, "birthdays")


@bp.get("/run-sheet.pdf")
@event_role_required(Role.HOST)
def run_sheet(event: Event):
    return _document(event, "run-sheet")


@bp.get("/tally.pdf")
@event_role_required(Role.HOST)
def tally(event: Event):
    return _document(event, "tally")


@bp.get("/cards.pdf")
@event_role_required(Role.HOST)
def cards(event: Event):
    return _document(event, "table-cards")


@bp.errorhandler(PrintingUnavailable)
def printing_unavailable(error: PrintingUnavailable):
    """Explain, instead of a 500, that this server lacks the libraries PDFs need."""
    return render_template("errors/printing_unavailable.html", command=error.command), 503
