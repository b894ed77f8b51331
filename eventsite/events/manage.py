"""Organizer and host pages for a chapter's evenings."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.access import chapter_role_required
from eventsite.auth.models import Role
from eventsite.auth.services import has_role
from eventsite.chapters.models import Chapter
from eventsite.core.csv import csv_response
from eventsite.core.forms import EmptyForm
from eventsite.core.pagination import page_number
from eventsite.core.spreadsheets import xlsx_response
from eventsite.errors import DomainError
from eventsite.events import services
from eventsite.events.access import event_role_required
from eventsite.events.forms import EventForm, NewEventForm
from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.extensions import db, utcnow
from eventsite.rsvp import exports as rsvp_exports
from eventsite.rsvp import purge
from eventsite.rsvp import queries as rsvp_queries
from eventsite.rsvp.models import RsvpStatus

bp = Blueprint("manage_events", __name__, url_prefix="/manage")


@bp.get("/c/<slug>/events")
@chapter_role_required(Role.HOST)
def chapter_events(chapter: Chapter):
    now = utcnow()
    mine = select(Event).where(Event.chapter_id == chapter.id)
    upcoming = _page(
        mine.where(Event.ends_at > now).order_by(Event.starts_at, Event.id), "upcoming"
    )
    past = _page(
        mine.where(Event.ends_at <= now).order_by(Event.starts_at.desc(), Event.id.desc()),
        "past",
    )
    return render_template(
        "events/manage_list.html",
        chapter=chapter,
        upcoming=upcoming,
        past=past,
        counts=rsvp_queries.counts_for([e.id for e in (*upcoming.items, *past.items)]),
        is_organizer=has_role(current_user, chapter.id, Role.ORGANIZER),
    )


def _page(query, arg: str):
    """One page of a list whose page number is in the query string as `arg`."""
    return db.paginate(
        query,
        page=page_number(arg),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        error_out=False,
    )


@bp.route("/c/<slug>/events/new", methods=["GET", "POST"])
@chapter_role_required(Role.ORGANIZER)
def new_event(chapter: Chapter):
    form = NewEventForm()
    if form.validate_on_submit():
        try:
            events = services.create_events(
                chapter,
                form.schedule(),
                repeat=form.repeat.data,
                count=form.count.data or 1,
                **form.event_fields(),
            )
        except DomainError as error:
            db.session.rollback()
            form.starts.errors = [*form.starts.errors, error.message]
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Evening saved as a draft. Publish it when it is ready.",
                    "%(num)d evenings saved as drafts. Publish each when it is ready.",
                    len(events),
                ),
                "success",
            )
            return redirect(url_for("manage_events.event", event_id=events[0].id))
    return render_template("events/edit.html", form=form, chapter=chapter, event=None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@event_role_required(Role.ORGANIZER)
def edit_event(event: Event):
    form = EventForm(obj=event)
    if not form.is_submitted():
        tz = event.chapter.timezone
        starts, ends = to_local(event.starts_at, tz), to_local(event.ends_at, tz)
        form.day.data, form.starts.data, form.ends.data = starts.date(), starts.time(), ends.time()
        if event.rsvp_deadline:
            deadline = to_local(event.rsvp_deadline, tz)
            form.deadline_day.data, form.deadline_time.data = deadline.date(), deadline.time()
        form.address_visibility.data = event.address_visibility.value
    if form.validate_on_submit():
        try:
            promoted = services.update_event(event, form.schedule(), **form.event_fields())
        except DomainError as error:
            db.session.rollback()
            form.starts.errors = [*form.starts.errors, error.message]
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            if promoted:
                flash(
                    ngettext(
                        "%(num)d person moved from the waitlist to a seat.",
                        "%(num)d people moved from the waitlist to a seat.",
                        len(promoted),
                    ),
                    "info",
                )
            return redirect(url_for("manage_events.event", event_id=event.id))
    return render_template("events/edit.html", form=form, chapter=event.chapter, event=event)


@bp.post("/events/<int:event_id>/publish")
@event_role_required(Role.ORGANIZER)
def publish(event: Event):
    if EmptyForm().validate_on_submit():
        try:
            services.publish(event)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Published: the evening is on the public pages now."), "success")
    return redirect(url_for("manage_events.event", event_id=event.id))


@bp.post("/events/<int:event_id>/cancel")
@event_role_required(Role.ORGANIZER)
def cancel(event: Event):
    if not event.was_published:
        # Nobody outside the chapter ever saw it: cancelling means deleting, once confirmed.
        return redirect(url_for("manage_events.delete", event_id=event.id))
    if EmptyForm().validate_on_submit():
        services.cancel(event)
        db.session.commit()
        flash(_("The evening is cancelled. Sign-ups are kept so people can be told."), "info")
    return redirect(url_for("manage_events.event", event_id=event.id))


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@event_role_required(Role.ORGANIZER)
def delete(event: Event):
    """Delete a draft after a confirmation page; published evenings are cancelled instead."""
    form = EmptyForm()
    if event.was_published:
        flash(_("This evening has been published: cancel it, so people are told."), "error")
        return redirect(url_for("manage_events.event", event_id=event.id))
    if not form.validate_on_submit():
        return render_template("events/delete.html", event=event, form=form)
    chapter, subject = event.chapter, audit.evening(event)
    services.delete_draft(event)
    audit.record(chapter.id, current_user, AuditAction.DRAFT_DELETED, subject)
    db.session.commit()
    flash(_("The draft is deleted."), "info")
    return redirect(url_for("manage_events.chapter_events", slug=chapter.slug))


@bp.post("/events/<int:event_id>/purge")
@event_role_required(Role.ORGANIZER)
def purge_evening(event: Event):
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


@bp.get("/events/<int:event_id>")
@event_role_required(Role.HOST)
def event(event: Event):
    audit.attendee_list_viewed(event, current_user)
    people = rsvp_queries.rsvps_of(event.id)
    by_status = {status: [r for r in people if r.status == status] for status in RsvpStatus}
    by_status[RsvpStatus.CONFIRMED].sort(key=lambda r: (r.name or "").lower())
    return render_template(
        "events/manage_event.html",
        event=event,
        by_status=by_status,
        is_organizer=has_role(current_user, event.chapter_id, Role.ORGANIZER),
        has_ended=event.ends_at <= utcnow(),
        form=EmptyForm(),
    )


@bp.get("/events/<int:event_id>/rsvps.csv")
@event_role_required(Role.ORGANIZER)
def rsvps_csv(event: Event):
    day = to_local(event.starts_at, event.chapter.timezone)
    body = rsvp_exports.rsvps_csv(rsvp_queries.rsvps_of(event.id), event.chapter.timezone)
    _exported(event)
    return csv_response(body, f"rsvps-{day:%Y-%m-%d}-{event.id}.csv")


@bp.get("/events/<int:event_id>/rsvps.xlsx")
@event_role_required(Role.ORGANIZER)
def rsvps_xlsx(event: Event):
    day = to_local(event.starts_at, event.chapter.timezone)
    body = rsvp_exports.rsvps_xlsx(rsvp_queries.rsvps_of(event.id), event.chapter.timezone)
    _exported(event)
    return xlsx_response(body, f"rsvps-{day:%Y-%m-%d}-{event.id}.xlsx")


def _exported(event: Event) -> None:
    """Every download of the attendee list goes into the chapter's audit log."""
    audit.record(
        event.chapter_id, current_user, AuditAction.ATTENDEES_EXPORTED, audit.evening(event)
    )
    db.session.commit()
