"""Organizers and an evening's people: who did not come, and messages to those signed up."""

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.models import Role
from eventsite.core.forms import EmptyForm, required
from eventsite.errors import DomainError
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.extensions import db, utcnow
from eventsite.rsvp import messages
from eventsite.rsvp import services as rsvp_services
from eventsite.rsvp.forms import MessageForm
from eventsite.rsvp.models import RsvpStatus

bp = Blueprint("people", __name__, url_prefix="/manage")


def _back_to_people(event: Event):
    return redirect(url_for("manage_events.event", event_id=event.id) + "#people")


def _no_show(event: Event, rsvp_id: int, *, no_show: bool):
    if EmptyForm().validate_on_submit():
        try:
            rsvp_services.mark_no_show(event.id, rsvp_id, no_show=no_show)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            action = AuditAction.SIGNUP_NO_SHOW if no_show else AuditAction.SIGNUP_NO_SHOW_UNDONE
            audit.record(event.chapter_id, current_user, action, audit.signup(event, rsvp_id))
            db.session.commit()
            if no_show:
                flash(_("Marked as a no-show; the evening's report counts it."), "success")
            else:
                flash(_("No-show taken back."), "success")
    return _back_to_people(event)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/no-show")
@event_role_required(Role.ORGANIZER)
def no_show(event: Event, rsvp_id: int):
    return _no_show(event, rsvp_id, no_show=True)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/no-show/undo")
@event_role_required(Role.ORGANIZER)
def undo_no_show(event: Event, rsvp_id: int):
    return _no_show(event, rsvp_id, no_show=False)


@bp.route("/events/<int:event_id>/message", methods=["GET", "POST"])
@event_role_required(Role.ORGANIZER)
def message(event: Event):
    """Write to the evening's people: preview first if wished, then one mail each."""
    form = MessageForm()
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = _preview(event, required(form.subject.data), required(form.body.data))
        elif _send(event, form):
            return redirect(url_for("manage_events.event", event_id=event.id))
    status = 422 if form.is_submitted() and preview is None else 200
    now = utcnow()
    return render_template(
        "events/message.html",
        event=event,
        form=form,
        preview=preview,
        audience=messages.audience(event.id),
        limit=messages.limit(),
        sent_today=len(messages.sent_recently(event.id, now)),
        next_allowed=messages.next_allowed(event.id, now),
    ), status


def _send(event: Event, form: MessageForm) -> bool:
    """Send, log and say so; or put the refusal under the message and send nothing."""
    try:
        sent = messages.send(
            event.id,
            current_user,
            subject=required(form.subject.data),
            body=required(form.body.data),
            with_waitlist=form.with_waitlist.data,
        )
    except DomainError as error:
        db.session.rollback()
        form.body.errors = [*form.body.errors, error.message]
        return False
    # How many got it, never who.
    subject = f"{audit.evening(event)} · {sent} ✉"
    audit.record(event.chapter_id, current_user, AuditAction.MESSAGE_SENT, subject)
    db.session.commit()
    flash(
        ngettext(
            "Message sent to %(num)d person, in a mail of their own.",
            "Message sent to %(num)d people, each in a mail of their own.",
            sent,
        ),
        "success",
    )
    return True


def _preview(event: Event, subject: str, body: str) -> dict:
    """The mail as a confirmed person would read it, with a stand-in for their own details."""
    person = SimpleNamespace(name=_("(their name)"), door_code=None, status=RsvpStatus.CONFIRMED)
    text = render_template(
        "email/organizer_message.txt",
        rsvp=person,
        event=event,
        body=messages.clean_body(body),
        show_address=True,
        manage_url=_("(their private link)"),
    )
    return {"subject": f"{' '.join(subject.split())} · {event.title}", "text": text}
