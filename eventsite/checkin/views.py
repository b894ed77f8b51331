"""On the night: the check-in list, arrivals and walk-ins (hosts and organizers)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from eventsite.auth.models import Role
from eventsite.checkin import services
from eventsite.checkin.forms import WalkInForm
from eventsite.core.forms import EmptyForm
from eventsite.errors import DomainError
from eventsite.events.manage import event_for
from eventsite.extensions import db
from eventsite.seating.services import tables_of

bp = Blueprint("checkin", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.get("/checkin")
@login_required
def checkin(event_id: int):
    event = event_for(event_id, Role.HOST)
    query = request.args.get("q", "")[:60]
    everyone = services.people(event.id)
    return render_template(
        "checkin/checkin.html",
        event=event,
        query=query,
        people=[r for r in everyone if services.matches(r, query)],
        counts=services.counts(event, everyone),
        labels={t.id: t.label for t in tables_of(event.id)},
        walk_in_form=WalkInForm(),
        form=EmptyForm(),
    )


def _back_to_list(event_id: int):
    return redirect(url_for("checkin.checkin", event_id=event_id, q=request.form.get("q") or None))


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
        labels = {t.id: t.label for t in tables_of(event.id)}
        if rsvp.table_id:
            flash(
                _(
                    "%(name)s is checked in at table %(table)s.",
                    name=rsvp.name,
                    table=labels[rsvp.table_id],
                ),
                "success",
            )
        else:
            flash(_("%(name)s is checked in. No table has a free seat.", name=rsvp.name), "warning")
    else:
        flash(_("Give the walk-in's name or pseudonym."), "error")
    return _back_to_list(event.id)
