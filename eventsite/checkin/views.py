"""On the night: the check-in list, arrivals and walk-ins (hosts and organizers)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventsite.auth.models import Role
from eventsite.checkin import services
from eventsite.checkin.forms import WalkInForm
from eventsite.core.forms import EmptyForm, required
from eventsite.errors import DomainError
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.prisoners.text import search_text
from eventsite.seating.services import tables_of

bp = Blueprint("checkin", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.get("/checkin")
@event_role_required(Role.HOST)
def checkin(event: Event):
    query = request.args.get("q", "")[:60]
    show = request.args.get("show", "all")
    show = show if show in services.SHOW else "all"
    everyone = services.people(event.id)
    return render_template(
        "checkin/checkin.html",
        event=event,
        query=query,
        show=show,
        people=services.shown([r for r in everyone if services.matches(r, query)], show),
        search_text=search_text,
        counts=services.counts(event, everyone),
        labels={t.id: t.label for t in tables_of(event.id)},
        walk_in_form=WalkInForm(),
        form=EmptyForm(),
    )


def _back_to_list(event_id: int):
    return redirect(
        url_for(
            "checkin.checkin",
            event_id=event_id,
            q=request.form.get("q") or None,
            show=request.form.get("show") or None,
        )
    )


@bp.post("/checkin/<int:rsvp_id>")
@event_role_required(Role.HOST)
def check_in(event: Event, rsvp_id: int):
    if EmptyForm().validate_on_submit():
        try:
            services.check_in(event, rsvp_id)
        except DomainError as error:
            flash(error.message, "error")
        db.session.commit()
    return _back_to_list(event.id)


@bp.post("/checkin/<int:rsvp_id>/undo")
@event_role_required(Role.HOST)
def undo(event: Event, rsvp_id: int):
    if EmptyForm().validate_on_submit():
        try:
            services.undo_check_in(event, rsvp_id)
        except DomainError as error:
            flash(error.message, "error")
        db.session.commit()
    return _back_to_list(event.id)


@bp.post("/walk-in")
@event_role_required(Role.HOST)
def walk_in(event: Event):
    form = WalkInForm()
    if form.validate_on_submit():
        rsvp = services.add_walk_in(event, required(form.name.data), form.reads_russian.data)
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
    elif form.name.data and form.name.errors:
        flash(str(form.name.errors[0]), "error")
    else:
        flash(_("Give the walk-in's name or pseudonym."), "error")
    return _back_to_list(event.id)
