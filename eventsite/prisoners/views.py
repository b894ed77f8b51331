"""Directory pages for chapter members, the import, and the public directory."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsite.auth import services as auth
from eventsite.core.csv import csv_response
from eventsite.core.forms import EmptyForm, required
from eventsite.core.limits import body_limit
from eventsite.core.pagination import ascii_int, page_number
from eventsite.core.spreadsheets import xlsx_bytes, xlsx_response
from eventsite.errors import DomainError
from eventsite.extensions import db
from eventsite.prisoners import directory, importing, labels, services, uploads
from eventsite.prisoners.access import editor_required, is_editor, is_reader, reader_required
from eventsite.prisoners.custody import Article, format_articles
from eventsite.prisoners.forms import ImportForm, PrisonerForm, ReturnedLetterForm, status_choices
from eventsite.prisoners.labels import MONTHS
from eventsite.prisoners.models import (
    IdSource,
    MailRoute,
    Prisoner,
    PrisonerChange,
    PrisonerStatus,
    ReturnReason,
)
from eventsite.reports.charts import letters_chart
from eventsite.reports.services import prisoner_letters
from eventsite.seating.services import recent_letters

bp = Blueprint("prisoners", __name__)


def _today():
    return datetime.now(ZoneInfo("UTC")).date()


def _stale_days() -> int:
    return current_app.config["ADDRESS_STALE_DAYS"]


@bp.app_template_global()
def address_problems(envelope) -> list[str]:
    """Why an envelope block must not be posted, for `prisoners/_envelope.html` anywhere."""
    return labels.address_problems(envelope.state)


@bp.app_template_global()
def restriction_labels(codes) -> list[str]:
    """The restrictions in the reader's language, for any template (table views, prints)."""
    return labels.restriction_labels(codes)


@bp.app_context_processor
def _directory_access():
    """The one place templates learn whether to offer the directory (links, edit buttons)."""
    return {
        "may_read_directory": lambda: is_reader(current_user),
        "may_edit_directory": lambda: is_editor(current_user),
    }


@bp.context_processor
def _labels():
    return {
        "status_labels": labels.STATUS_LABELS,
        "route_labels": labels.ROUTE_LABELS,
        "custody_labels": labels.CUSTODY_LABELS,
        "facility_labels": labels.FACILITY_LABELS,
        "months": MONTHS,
        "import_columns": importing.COLUMNS,
        "envelope_for": lambda p, chapter=None: services.envelope_for(
            p, chapter, _today(), _stale_days()
        ),
        "mail_lines": lambda p: labels.mail_lines(p.route_names, p.reply_form, p.forwarding_url),
        "articles_text": lambda p: format_articles(Article.from_dict(a) for a in p.articles or ()),
        "return_reason_labels": labels.RETURN_REASON_LABELS,
        "id_source_labels": labels.ID_SOURCE_LABELS,
        "salutation_of": services.salutation_of,
    }


def _filters() -> directory.DirectoryFilters:
    args = request.args
    month = ascii_int(args.get("month"))
    return directory.DirectoryFilters(
        q=args.get("q", "")[:200],
        status=_enum(PrisonerStatus, args.get("status")),
        month=month if month in range(1, 13) else None,
        tag=args.get("tag", "")[:40],
        route=_enum(MailRoute, args.get("route")),
        needs_check=args.get("check") == "address",
        today=_today(),
        stale_days=_stale_days(),
    )


def _enum(cls, value):
    try:
        return cls(value)
    except ValueError:
        return None


def _page(query):
    return db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PRISONERS_PER_PAGE"],
        max_per_page=200,
        count=True,
    )


def _my_chapter():
    """The chapter whose envelope to show: ?chapter=slug among the user's, else the first."""
    chapters = auth.chapters_of(current_user)
    wanted = request.args.get("chapter")
    return chapters, next((c for c in chapters if c.slug == wanted), chapters[0])


@bp.get("/prisoners/")
@reader_required
def index():
    filters = _filters()
    return render_template(
        "prisoners/index.html",
        page=_page(directory.directory_query(filters)),
        filters=filters,
        tags=directory.all_tags(),
        status_choices=status_choices(blank=_("Any status")),
    )


@bp.get("/prisoners/review")
@reader_required
def review():
    today = _today()
    return render_template(
        "prisoners/review.html",
        names=db.session.scalars(directory.names_to_review().limit(500)).all(),
        addresses=db.session.scalars(
            directory.addresses_to_check(today, _stale_days()).limit(500)
        ).all(),
        stale_days=_stale_days(),
    )


@bp.get("/prisoners/<int:prisoner_id>")
@reader_required
def show(prisoner_id: int):
    prisoner = db.get_or_404(Prisoner, prisoner_id)
    chapters, chapter = _my_chapter()
    history = db.session.scalars(
        select(PrisonerChange)
        .where(PrisonerChange.prisoner_id == prisoner.id)
        .options(selectinload(PrisonerChange.user))
        .order_by(PrisonerChange.id.desc())
        .limit(20)
    ).all()
    letters = prisoner_letters(prisoner.id)
    return render_template(
        "prisoners/show.html",
        prisoner=prisoner,
        chapters=chapters,
        chapter=chapter,
        envelope=services.envelope_for(prisoner, chapter, _today(), _stale_days()),
        history=history,
        returned_form=_returned_form(chapters, chapter),
        form=EmptyForm(),
        letters=letters,
        letters_recent=recent_letters([prisoner.id]).get(prisoner.id, 0),
        letters_chart=letters_chart(
            letters.months, _("Letters and postcards per month, all chapters"), "prisoner-letters"
        ),
    )


def _returned_form(chapters, chapter) -> ReturnedLetterForm:
    form = ReturnedLetterForm(chapter=chapter.id if chapter else None)
    form.chapter.choices = [(c.id, c.name) for c in chapters]
    return form


@bp.post("/prisoners/<int:prisoner_id>/returned")
@reader_required
def returned(prisoner_id: int):
    """A host or an organizer records a letter that came back."""
    prisoner = db.get_or_404(Prisoner, prisoner_id)
    chapters = auth.chapters_of(current_user)
    form = _returned_form(chapters, None)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))
    try:
        services.record_returned_letter(
            prisoner,
            returned_on=required(form.returned_on.data),
            reason=ReturnReason(form.reason.data),
            note=form.note.data or "",
            chapter=next(c for c in chapters if c.id == form.chapter.data),
            user=current_user,
            today=_today(),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Recorded. The address is marked unconfirmed until someone checks it."), "success")
    return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))


@bp.post("/prisoners/<int:prisoner_id>/checked")
@editor_required
def checked(prisoner_id: int):
    prisoner = db.get_or_404(Prisoner, prisoner_id)
    if EmptyForm().validate_on_submit():
        services.confirm_address(prisoner, current_user, _today())
        db.session.commit()
        flash(_("Address marked as checked today."), "success")
    return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))


@bp.route("/prisoners/new", methods=["GET", "POST"])
@editor_required
def new():
    form = PrisonerForm()
    if form.validate_on_submit() and (prisoner := _save(None, form)):
        flash(_("%(name)s added to the directory.", name=prisoner.name_ru), "success")
        return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))
    return render_template("prisoners/form.html", form=form, prisoner=None)


@bp.route("/prisoners/<int:prisoner_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(prisoner_id: int):
    prisoner = db.get_or_404(Prisoner, prisoner_id)
    # The form's own data on a POST: enum and list fields do not come from the object.
    form = PrisonerForm(obj=prisoner) if request.method == "GET" else PrisonerForm()
    if request.method == "GET":
        form.fill_from(prisoner)
    if form.validate_on_submit() and _save(prisoner, form):
        flash(_("Changes to %(name)s saved.", name=prisoner.name_ru), "success")
        return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))
    return render_template("prisoners/form.html", form=form, prisoner=prisoner)


def _save(prisoner: Prisoner | None, form: PrisonerForm) -> Prisoner | None:
    """Check the form's data with the directory's rules and save it; None if it has errors."""
    data = form.to_data(prisoner.name_ru if prisoner is not None else "")
    errors = services.check(data, _today())
    if services.external_id_taken(
        data.external_source, data.external_id, prisoner.id if prisoner else None
    ):
        errors["external_id"] = _("Another prisoner has this id in that list.")
    for name, message in errors.items():
        field = getattr(form, "surname" if name == "name_ru" else name)
        field.errors = [*field.errors, message]
    if errors:
        return None
    prisoner = services.apply(prisoner, data, current_user, today=_today())
    db.session.commit()
    return prisoner


@bp.route("/prisoners/import", methods=["GET", "POST"])
@body_limit("PRISONER_IMPORT_MAX_BYTES")
@editor_required
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        limit = current_app.config["PRISONER_IMPORT_MAX_BYTES"]
        raw = upload.read(limit + 1)
        if len(raw) > limit:
            message = _("The file is larger than %(mb)d MB; split it.", mb=limit // 2**20)
            form.file.errors.append(message)
            return render_template("prisoners/import.html", form=form), 413
        try:
            parsed = importing.parse(raw, IdSource(form.source.data), form.sheet.data)
            if not parsed.rows:
                raise importing.ImportFileError("no_rows", _("The file has a header but no rows."))
        except DomainError as error:
            form.file.errors.append(error.message)
            return render_template("prisoners/import.html", form=form), 400
        token = uploads.save(parsed, current_user.id, (upload.filename or "upload.csv")[:100])
        return redirect(url_for("prisoners.import_preview", token=token))
    status = 400 if request.method == "POST" else 200
    return render_template("prisoners/import.html", form=form), status


@bp.route("/prisoners/import/<token>", methods=["GET", "POST"])
@editor_required
def import_preview(token: str):
    stored = uploads.load(token, current_user.id)
    if stored is None:
        flash(_("That upload has expired or was already imported. Upload the file again."), "info")
        return redirect(url_for("prisoners.import_upload"))
    parsed, filename = stored
    form = EmptyForm()
    plan = None
    if form.validate_on_submit():
        valid_only = request.form.get("mode") == "valid"
        claimed = uploads.claim(token, current_user.id)
        if claimed is None:  # confirmed twice: the first confirm is importing it
            flash(_("That upload has expired or was already imported."), "info")
            return redirect(url_for("prisoners.index"))
        parsed, filename, path = claimed
        plan = importing.plan(parsed, _today())
        try:
            created, updated = importing.commit(plan, current_user, _today(), valid_only=valid_only)
        except DomainError as error:
            uploads.release(token, path)
            flash(error.message, "error")
        except Exception:
            uploads.release(token, path)
            raise
        else:
            uploads.discard_claimed(path)
            flash(
                _(
                    "Imported: %(created)d added, %(updated)d updated.",
                    created=created,
                    updated=updated,
                ),
                "success",
            )
            left_out = [r for r in plan.rows if r.action == "error"]
            if valid_only and left_out:
                rejects = importing.rejects(parsed.header, left_out)
                kept = uploads.save_rejects(rejects, current_user.id, filename, len(left_out))
                return redirect(url_for("prisoners.import_done", token=kept))
            return redirect(url_for("prisoners.index"))
    plan = plan or importing.plan(parsed, _today())
    status = 422 if request.method == "POST" else 200
    return render_template(
        "prisoners/import_preview.html",
        plan=plan,
        parsed=parsed,
        filename=filename,
        token=token,
        form=form,
        encoding=importing.readers.ENCODING_NAMES.get(parsed.encoding or "", ""),
    ), status


@bp.get("/prisoners/import/<token>/errors.csv")
@editor_required
def import_errors(token: str):
    """The rows with errors, as they came, with the reasons: to fix and upload again."""
    stored = uploads.load(token, current_user.id)
    if stored is None:
        flash(_("That upload has expired or was already imported. Upload the file again."), "info")
        return redirect(url_for("prisoners.import_upload"))
    parsed, filename = stored
    plan = importing.plan(parsed, _today())
    body = importing.rejects(parsed.header, [r for r in plan.rows if r.action == "error"])
    return csv_response(body, f"to-fix-{_stem(filename)}.csv")


@bp.get("/prisoners/import/done/<token>")
@editor_required
def import_done(token: str):
    kept = uploads.load_rejects(token, current_user.id)
    if kept is None:
        return redirect(url_for("prisoners.index"))
    return render_template("prisoners/import_done.html", token=token, kept=kept)


@bp.get("/prisoners/import/done/<token>/rows.csv")
@editor_required
def import_rejects(token: str):
    kept = uploads.load_rejects(token, current_user.id)
    if kept is None:
        flash(_("That file is no longer kept. Upload the list again to see its errors."), "info")
        return redirect(url_for("prisoners.import_upload"))
    return csv_response(kept["csv"], f"to-fix-{_stem(kept['filename'])}.csv")


def _stem(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0]
    # ASCII only: the name goes into a header.
    return (
        "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in stem)[:60]
        or "list"
    )


@bp.get("/prisoners/export.csv")
@reader_required
def export():
    body = importing.export(directory.export_rows(_filters()))
    return csv_response(body, f"prisoners-{_today().isoformat()}.csv")


@bp.get("/prisoners/export.xlsx")
@reader_required
def export_xlsx():
    rows = importing.export_table(directory.export_rows(_filters()))
    body = xlsx_bytes(importing.COLUMNS, rows, sheet="Prisoners")
    return xlsx_response(body, f"prisoners-{_today().isoformat()}.xlsx")


@bp.get("/prisoners/birthdays")
@reader_required
def birthdays():
    chapters, chapter = _my_chapter()
    today = datetime.now(ZoneInfo(chapter.timezone)).date()
    delay = chapter.postal_delay_days
    page = _page(
        directory.upcoming_birthdays_query(today, delay).options(
            selectinload(Prisoner.mail_routes), selectinload(Prisoner.restriction_rows)
        )
    )
    return render_template(
        "prisoners/birthdays.html",
        chapters=chapters,
        chapter=chapter,
        today=today,
        window=directory.birthdays.window(today, delay),
        page=page,
        upcoming=directory.with_birthdays(page.items, today, delay),
    )


@bp.get("/directory")
def public_directory():
    if not current_app.config["PUBLIC_DIRECTORY"]:
        abort(404)
    filters = directory.DirectoryFilters(
        q=request.args.get("q", "")[:200], status=PrisonerStatus.ACTIVE
    )
    query = directory.directory_query(filters).where(directory.postable_clause())
    return render_template("prisoners/public.html", page=_page(query), filters=filters)
