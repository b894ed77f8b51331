"""Sign up without an account, confirm by email; see or cancel through a private link."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from eventsite.calendar.services import attendee_entry, ics_response
from eventsite.core.forms import EmptyForm, required
from eventsite.core.tasks import after_commit
from eventsite.errors import DomainError
from eventsite.events.access import public_event_or_404
from eventsite.extensions import db, limit, utcnow
from eventsite.rsvp import queries, services, signup, undo
from eventsite.rsvp.forms import OwnDetailsForm, RsvpForm
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.rsvp.tokens import manage_token

bp = Blueprint("rsvp", __name__)


@bp.route("/events/<int:event_id>/rsvp", methods=["GET", "POST"])
@limit("rsvp")
def rsvp(event_id: int):
    event = public_event_or_404(event_id)
    now = utcnow()
    if not event.is_open_for_rsvp(now):
        return render_template(
            "rsvp/closed.html", event=event, reason=services.closed_reason(event, now)
        ), 409
    form = RsvpForm()
    if form.validate_on_submit():
        # The same answer, status and work for a new, signed-up, waitlisted or cancelled
        # email: what happens next reaches only the address's owner, by mail.
        recorded = signup.request_signup(
            event.id,
            name=required(form.name.data),
            email=required(form.email.data),
            reads_russian=form.reads_russian.data,
            first_time=form.first_time.data,
            note=form.note.data or "",
            language=str(get_locale() or "en"),
        )
        # Processed by a worker, or here after the response: never while the visitor waits.
        after_commit("rsvp.process_signup", recorded.id)
        # What the answer shows, read before the commit expires the evening (no reload).
        shown = {"event_id": event.id, "title": event.title}
        db.session.commit()
        return render_template("rsvp/check_email.html", **shown)
    status = 422 if form.is_submitted() else 200
    return render_template("rsvp/form.html", event=event, form=form), status


@bp.route("/rsvp/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link in the confirmation email: a page with one button (GETs change nothing).

    Mail scanners open links; only a person pressing the button takes the seat.
    """
    rsvp = queries.find_by_confirm_token(token)
    if rsvp is None:
        return render_template("rsvp/confirm_invalid.html"), 404
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("rsvp/confirm.html", rsvp=rsvp, event=rsvp.event, form=form)
    try:
        rsvp = signup.confirm_rsvp(rsvp.id)
    except DomainError as error:
        db.session.commit()  # a lapsed hold is let go either way
        return render_template("rsvp/confirm_invalid.html", reason=error.message), 409
    db.session.commit()
    if rsvp.status == RsvpStatus.CONFIRMED:
        flash(_("You are in! Your seat is confirmed."), "success")
    else:
        flash(_("Confirmed: you keep your place on the waitlist."), "info")
    return redirect(url_for("rsvp.manage", token=manage_token(rsvp)))


def rsvp_or_404(token: str) -> Rsvp:
    rsvp = queries.find_by_token(token)
    if rsvp is None or rsvp.is_unconfirmed:
        abort(404)  # the private link works once the address is confirmed
    return rsvp


@bp.get("/rsvp/<token>")
def manage(token: str):
    rsvp = rsvp_or_404(token)
    return render_template(
        "rsvp/manage.html",
        rsvp=rsvp,
        event=rsvp.event,
        token=token,
        position=queries.waitlist_position(rsvp),
        held=queries.count_by_status(rsvp.event_id)[RsvpStatus.PENDING],
        can_undo=undo.can_undo(rsvp),
        form=EmptyForm(),
        edit_form=OwnDetailsForm(formdata=None, obj=rsvp),
    )


@bp.post("/rsvp/<token>/edit")
def edit(token: str):
    """The attendee corrects their own name or flags (the private link is the key)."""
    rsvp = rsvp_or_404(token)
    form = OwnDetailsForm()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(str(m) for m in messages), "error")
        return redirect(url_for("rsvp.manage", token=token))
    try:
        services.edit_attendee(
            rsvp.event_id,
            rsvp.id,
            name=required(form.name.data),
            reads_russian=form.reads_russian.data,
            first_time=form.first_time.data,
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Saved. The hosts will see the new details."), "success")
    return redirect(url_for("rsvp.manage", token=token))


@bp.route("/rsvp/<token>/cancel", methods=["GET", "POST"])
def confirm_cancel(token: str):
    """The "I can't come" link from emails: a page with one button (GETs change nothing)."""
    rsvp = rsvp_or_404(token)
    form = EmptyForm()
    if not form.is_submitted():
        return render_template(
            "rsvp/cancel.html", rsvp=rsvp, event=rsvp.event, token=token, form=form
        )
    if form.validate_on_submit():
        undo.cancel_own(rsvp.id)
        db.session.commit()
        flash(_("Your sign-up is cancelled. Thank you for freeing the seat."), "info")
    return redirect(url_for("rsvp.manage", token=token))


@bp.post("/rsvp/<token>/undo")
def undo_cancel(token: str):
    """Take back "I can't come" within its ten minutes."""
    rsvp = rsvp_or_404(token)
    if EmptyForm().validate_on_submit():
        try:
            rsvp = undo.undo_cancel(rsvp.id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            if rsvp.status == RsvpStatus.CONFIRMED:
                flash(_("Undone: your seat is yours again."), "success")
            else:
                flash(_("Undone: you are back on the waitlist, in your old place."), "info")
    return redirect(url_for("rsvp.manage", token=token))


@bp.get("/rsvp/<token>/event.ics")
def calendar(token: str):
    """The attendee's own calendar file: with the address when it is for attendees only.

    Someone on the waitlist has no seat to put in a calendar yet (the mail with the
    seat brings the file); after "I can't come" the file says the entry is cancelled.
    """
    rsvp = rsvp_or_404(token)
    if rsvp.status not in (RsvpStatus.CONFIRMED, RsvpStatus.CANCELLED):
        abort(
            409,
            _(
                "You have no seat yet, so there is nothing to add to a calendar. When a "
                "seat frees up for you, the email with it brings the calendar file."
            ),
        )
    return ics_response([attendee_entry(rsvp)], f"evening-{rsvp.event.id}.ics")
