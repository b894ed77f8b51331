"""After the evening: the letter tally per prisoner, and posting the batch."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsite.auth.models import Role
from eventsite.auth.services import has_role
from eventsite.core.forms import EmptyForm, required
from eventsite.errors import DomainError
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.seating.services import chosen_prisoners, tables_of
from eventsite.tallies import services
from eventsite.tallies.forms import PostedForm, parse_counts
from eventsite.tallies.labels import POSTED_HOW
from eventsite.tallies.models import PostingMethod

bp = Blueprint("tallies", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.app_context_processor
def _posting_labels():
    # The tally page and the evening report both say how a batch was posted.
    return {"posted_how": POSTED_HOW}


@bp.route("/tallies", methods=["GET", "POST"])
@event_role_required(Role.HOST)
def tallies(event: Event):
    chosen = chosen_prisoners(event.id)
    batch = services.batch_of(event.id)
    errors: list[str] = []
    form = EmptyForm()
    if form.validate_on_submit():
        counts, errors = parse_counts(request.form, [row.prisoner_id for row in chosen])
        if errors:
            flash(_("Counts are whole numbers from 0 to 999. Nothing was saved."), "error")
        else:
            try:
                services.save_tallies(event, counts, current_user)
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
            else:
                db.session.commit()
                flash(_("Tally saved."), "success")
                return redirect(url_for("tallies.tallies", event_id=event.id))
    tables = tables_of(event.id)
    return render_template(
        "tallies/tallies.html",
        event=event,
        tables=tables,
        rows_at={t.id: [r for r in chosen if r.table_id == t.id] for t in tables},
        unplaced=[r for r in chosen if r.table_id is None],
        tallies=services.tallies_of(event.id),
        submitted=request.form if errors else None,
        errors=set(errors),
        batch=batch,
        posting_blocked=services.posting_blocked(event),
        is_organizer=has_role(current_user, event.chapter_id, Role.ORGANIZER),
        posted_form=PostedForm(),
        form=form,
    ), (422 if errors else 200)


@bp.post("/posted")
@event_role_required(Role.HOST)
def posted(event: Event):
    form = PostedForm()
    if form.validate_on_submit():
        try:
            services.mark_posted(
                event, required(form.posted_on.data), PostingMethod(form.method.data), current_user
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Marked as posted. The tally is locked now."), "success")
    else:
        for messages in form.errors.values():
            flash(" ".join(str(m) for m in messages), "error")
    return redirect(url_for("tallies.tallies", event_id=event.id))


@bp.post("/posted/unlock")
@event_role_required(Role.ORGANIZER)
def unlock(event: Event):
    if EmptyForm().validate_on_submit():
        try:
            services.unlock(event)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("Unlocked: the tally can be changed again. Mark it as posted when done."), "info"
            )
    return redirect(url_for("tallies.tallies", event_id=event.id))
