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
from eventsite.core.forms import EmptyForm
from eventsite.core.limits import body_limit
from eventsite.core.pagination import ascii_int, page_number
from eventsite.core.spreadsheets import xlsx_bytes, xlsx_response
from eventsite.errors import DomainError
from eventsite.extensions import db
from eventsite.prisoners import importing, services, uploads
from eventsite.prisoners.access import editor_required, is_editor, is_reader, reader_required
from eventsite.prisoners.forms import ImportForm, PrisonerForm, status_choices
from eventsite.prisoners.labels import MONTHS, ROUTE_LABELS, STATUS_LABELS
from eventsite.prisoners.models import MailRoute, Prisoner, PrisonerChange, PrisonerStatus
from eventsite.reports.charts import letters_chart
from eventsite.reports.services import prisoner_letters
from eventsite.seating.services import recent_letters

bp = Blueprint("prisoners", __name__)


def _today():
    return datetime.now(ZoneInfo("UTC")).date()


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
        "status_labels": STATUS_LABELS,
        "route_labels": ROUTE_LABELS,
        "months": MONTHS,
        "envelope_lines": services.envelope_lines,
        "import_columns": importing.COLUMNS,
    }


def _filters() -> services.DirectoryFilters:
    args = request.args
    month = ascii_int(args.get("month"))
    return services.DirectoryFilters(
        q=args.get("q", "")[:200],
        status=_enum(PrisonerStatus, args.get("status")),
        month=month if month in range(1, 13) else None,
        tag=args.get("tag", "")[:40],
        route=_enum(MailRoute, args.get("route")),
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


@bp.get("/prisoners/")
@reader_required
def index():
    filters = _filters()
    return render_template(
        "prisoners/index.html",
        page=_page(services.directory_query(filters)),
        filters=filters,
        tags=services.all_tags(),
        status_choices=status_choices(blank=_("Any status")),
    )


@bp.get("/prisoners/<int:prisoner_id>")
@reader_required
def show(prisoner_id: int):
    prisoner = db.get_or_404(Prisoner, prisoner_id)
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
        history=history,
        letters=letters,
        letters_recent=recent_letters([prisoner.id]).get(prisoner.id, 0),
        letters_chart=letters_chart(
            letters.months, _("Letters and postcards per month, all chapters"), "prisoner-letters"
        ),
    )


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
    form = PrisonerForm(obj=prisoner)
    if request.method == "GET":
        form.tags.data = ", ".join(prisoner.tag_names)
        form.mail_routes.data = [r.value for r in prisoner.route_names]
        form.status.data = prisoner.status.value
    if form.validate_on_submit() and _save(prisoner, form):
        flash(_("Changes to %(name)s saved.", name=prisoner.name_ru), "success")
        return redirect(url_for("prisoners.show", prisoner_id=prisoner.id))
    return render_template("prisoners/form.html", form=form, prisoner=prisoner)


def _save(prisoner: Prisoner | None, form: PrisonerForm) -> Prisoner | None:
    """Check the form's data with the directory's rules and save it; None if it has errors."""
    data = form.to_data()
    errors = services.check(data, _today())
    if services.external_id_taken(data.external_id, prisoner.id if prisoner else None):
        errors["external_id"] = _("Another prisoner has this id.")
    for name, message in errors.items():
        getattr(form, name).errors = [*getattr(form, name).errors, message]
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
            parsed = importing.parse(raw)
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
        claimed = uploads.claim(token, current_user.id)
        if claimed is None:  # confirmed twice: the first confirm is importing it
            flash(_("That upload has expired or was already imported."), "info")
            return redirect(url_for("prisoners.index"))
        parsed, filename, path = claimed
        plan = importing.plan(parsed, _today())
        try:
            created, updated = importing.commit(plan, current_user, _today())
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
            return redirect(url_for("prisoners.index"))
    plan = plan or importing.plan(parsed, _today())
    status = 422 if request.method == "POST" else 200
    return render_template(
        "prisoners/import_preview.html", plan=plan, filename=filename, form=form
    ), status


@bp.get("/prisoners/export.csv")
@reader_required
def export():
    body = importing.export(services.export_rows(_filters()))
    return csv_response(body, f"prisoners-{_today().isoformat()}.csv")


@bp.get("/prisoners/export.xlsx")
@reader_required
def export_xlsx():
    rows = importing.export_table(services.export_rows(_filters()))
    body = xlsx_bytes(importing.COLUMNS, rows, sheet="Prisoners")
    return xlsx_response(body, f"prisoners-{_today().isoformat()}.xlsx")


@bp.get("/prisoners/birthdays")
@reader_required
def birthdays():
    chapters = auth.chapters_of(current_user)
    chapter = next((c for c in chapters if c.slug == request.args.get("chapter")), chapters[0])
    today = datetime.now(ZoneInfo(chapter.timezone)).date()
    delay = chapter.postal_delay_days
    page = _page(
        services.upcoming_birthdays_query(today, delay).options(selectinload(Prisoner.mail_routes))
    )
    return render_template(
        "prisoners/birthdays.html",
        chapters=chapters,
        chapter=chapter,
        today=today,
        window=services.birthdays.window(today, delay),
        page=page,
        upcoming=services.with_birthdays(page.items, today, delay),
    )


@bp.get("/directory")
def public_directory():
    if not current_app.config["PUBLIC_DIRECTORY"]:
        abort(404)
    filters = services.DirectoryFilters(
        q=request.args.get("q", "")[:200], status=PrisonerStatus.ACTIVE
    )
    return render_template(
        "prisoners/public.html", page=_page(services.directory_query(filters)), filters=filters
    )
