"""On the night (check-in, walk-ins) and after it (tallies, posting, purge)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsite.audit import services as audit
from eventsite.auth.models import Role
from eventsite.core.forms import EmptyForm
from eventsite.core.pagination import ascii_int
from eventsite.errors import DomainError
from eventsite.events.manage import event_for
from eventsite.extensions import db
from eventsite.night import purge, services
from eventsite.night.forms import PostedForm, WalkInForm, parse_counts
from eventsite.night.models import PostingMethod
from eventsite.seating.services import chosen_prisoners, tables_of

bp = Blueprint("night", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.get("/checkin")
@login_required
def checkin(event_id: int):
    event = event_for(event_id, Role.HOST)
    audit.attendee_list_viewed(event, current_user)
    query = request.args.get("q", "")[:60]
    everyone = services.people(event.id)
    added_id = ascii_int(request.args.get("added"))
    return render_template(
        "night/checkin.html",
        event=event,
        query=query,
        added=next((r for r in everyone if r.id == added_id and r.is_walk_in), None),
        people=[r for r in everyone if services.matches(r, query)],
        counts=services.counts(event, everyone),
        labels={t.id: t.label for t in tables_of(event.id)},
        walk_in_form=WalkInForm(),
        form=EmptyForm(),
    )


def _back_to_list(event_id: int):
    return redirect(url_for("night.checkin", event_id=event_id, q=request.form.get("q") or None))


@bp.post("/checkin/<int:rsvp_id>")
@login_required
def check_in(event_id: int, rsvp_id: int):
    event = event_for(event_id, Role.HOST)
    if EmptyForm().validate_on_submit():
        try:
            services.check_in(event, rsvp_id)
        except DomainError as error:
            flash(error.message, "error")
        db.session.commit()
    return _back_to_list(event.id)


@bp.post("/checkin/<int:rsvp_id>/undo")
@login_required
def undo(event_id: int, rsvp_id: int):
    event = event_for(event_id, Role.HOST)
    if EmptyForm().validate_on_submit():
        try:
            services.undo_check_in(event, rsvp_id)
        except DomainError as error:
            flash(error.message, "error")
        db.session.commit()
    return _back_to_list(event.id)


@bp.post("/walk-in")
@login_required
def walk_in(event_id: int):
    event = event_for(event_id, Role.HOST)
    form = WalkInForm()
    if form.validate_on_submit():
        rsvp = services.add_walk_in(event, form.name.data, form.reads_russian.data)
        db.session.commit()
        # The list names the walk-in from the database: a flash would carry the name in
        # the session cookie, which is signed but readable.
        return redirect(
            url_for(
                "night.checkin", event_id=event.id, added=rsvp.id, q=request.form.get("q") or None
            )
        )
    flash(_("Give the walk-in's name or pseudonym."), "error")
    return _back_to_list(event.id)


@bp.route("/tallies", methods=["GET", "POST"])
@login_required
def tallies(event_id: int):
    event = event_for(event_id, Role.HOST)
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
                return redirect(url_for("night.tallies", event_id=event.id))
    tables = tables_of(event.id)
    return render_template(
        "night/tallies.html",
        event=event,
        tables=tables,
        rows_at={t.id: [r for r in chosen if r.table_id == t.id] for t in tables},
        unplaced=[r for r in chosen if r.table_id is None],
        tallies=services.tallies_of(event.id),
        submitted=request.form if errors else None,
        errors=set(errors),
        batch=batch,
        posted_form=PostedForm(),
        form=form,
    ), (422 if errors else 200)


@bp.post("/posted")
@login_required
def posted(event_id: int):
    event = event_for(event_id, Role.HOST)
    form = PostedForm()
    if form.validate_on_submit():
        try:
            services.mark_posted(
                event, form.posted_on.data, PostingMethod(form.method.data), current_user
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
    return redirect(url_for("night.tallies", event_id=event.id))


@bp.post("/purge")
@login_required
def purge_evening(event_id: int):
    event = event_for(event_id, Role.ORGANIZER)
    if EmptyForm().validate_on_submit():
        try:
            count, traces = purge.purge_now(event, current_user)
        except DomainError:
            flash(_("Attendee data can be deleted once the evening has ended."), "error")
        else:
            db.session.commit()
            purge.scrub(traces)
            flash(_("Deleted the names, emails and notes of %(n)d sign-ups.", n=count), "success")
    return redirect(url_for("manage_events.event", event_id=event.id))
