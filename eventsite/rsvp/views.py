"""Sign up without an account, confirm by email; see or cancel through a private link."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from eventsite.calendar.views import ics_response
from eventsite.core.after_response import after_response
from eventsite.core.forms import EmptyForm
from eventsite.errors import DomainError
from eventsite.events.views import public_event_or_404
from eventsite.extensions import db, limit, utcnow
from eventsite.mail.outbox import deliver_due
from eventsite.rsvp import services, signup
from eventsite.rsvp.forms import RsvpForm
from eventsite.rsvp.models import Rsvp, RsvpStatus

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
            name=form.name.data,
            email=form.email.data,
            reads_russian=form.reads_russian.data,
            first_time=form.first_time.data,
            note=form.note.data or "",
            language=str(get_locale() or "en"),
        )
        db.session.commit()
        after_response(_process_signup, recorded.id)
        return render_template("rsvp/check_email.html", event=event)
    status = 422 if form.is_submitted() else 200
    return render_template("rsvp/form.html", event=event, form=form), status


def _process_signup(request_id: int) -> None:
    signup.process_signup_request(request_id)
    if current_app.config.get("MAIL_SEND_AFTER_REQUEST", True):
        deliver_due()


@bp.route("/rsvp/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link in the confirmation email: a page with one button (GETs change nothing).

    Mail scanners open links; only a person pressing the button takes the seat.
    """
    rsvp = services.find_by_confirm_token(token)
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
    return redirect(url_for("rsvp.manage", token=services.manage_token(rsvp)))


def rsvp_or_404(token: str) -> Rsvp:
    rsvp = services.find_by_token(token)
    if rsvp is None or rsvp.is_unconfirmed:
        abort(404)  # the private link works once the address is confirmed
    return rsvp


@bp.get("/rsvp/<token>")
def manage(token: str):
    rsvp = rsvp_or_404(token)
    counts = services.count_by_status(rsvp.event_id)
    return render_template(
        "rsvp/manage.html",
        rsvp=rsvp,
        event=rsvp.event,
        token=token,
        position=services.waitlist_position(rsvp),
        held=counts[RsvpStatus.PENDING],
        form=EmptyForm(),
    )


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
        services.cancel_rsvp(rsvp.id)
        db.session.commit()
        flash(_("Your sign-up is cancelled. Thank you for freeing the seat."), "info")
    return redirect(url_for("rsvp.manage", token=token))


@bp.get("/rsvp/<token>/event.ics")
def calendar(token: str):
    """The attendee's own calendar file: with the address when it is for attendees only."""
    rsvp = rsvp_or_404(token)
    show_address = rsvp.status == RsvpStatus.CONFIRMED
    return ics_response([rsvp.event], f"evening-{rsvp.event.id}.ics", show_address=show_address)
