"""Organizer and host pages for a chapter's evenings."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.access import chapter_role_required
from eventsite.auth.models import Role
from eventsite.auth.services import has_role
from eventsite.chapters.models import Chapter
from eventsite.core.csv import csv_response
from eventsite.core.forms import EmptyForm, required
from eventsite.core.pagination import page_number
from eventsite.core.spreadsheets import xlsx_response
from eventsite.core.templating import format_month
from eventsite.errors import DomainError
from eventsite.events import services
from eventsite.events.access import event_role_required
from eventsite.events.forms import CancelEventForm, DuplicateForm, EventForm, NewEventForm
from eventsite.events.models import Event, EventStatus
from eventsite.events.timeutil import skipped_months, to_local, week_rank
from eventsite.extensions import db, utcnow
from eventsite.rsvp import exports as rsvp_exports
from eventsite.rsvp import purge
from eventsite.rsvp import queries as rsvp_queries
from eventsite.rsvp import services as rsvp_services
from eventsite.rsvp.forms import AddPersonForm, CancelPersonForm, PersonForm
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
    preview = None
    if form.validate_on_submit():
        dates = form.dates()
        skipped = skipped_months(dates) if form.repeat.data == "monthly_nth" else []
        preview = {"dates": dates, "skipped": skipped}
        if request.form.get("action") == "preview":
            return render_template(
                "events/edit.html", form=form, chapter=chapter, event=None, preview=preview
            )
        if skipped and not form.accept_skips.data:
            form.repeat.errors = [
                *form.repeat.errors,
                _(
                    "Not every month has a %(rank)s %(weekday)s, so this series would skip "
                    "%(months)s. Choose “Every month on the last such weekday”, or tick "
                    "“Yes, skip the months”.",
                    rank=_ordinal(week_rank(dates[0])),
                    weekday=format_date(dates[0], "EEEE"),
                    months=", ".join(format_month(m) for m in skipped),
                ),
            ]
            return render_template(
                "events/edit.html", form=form, chapter=chapter, event=None, preview=preview
            )
        try:
            events = services.create_events(
                chapter,
                form.schedule(),
                repeat=form.repeat.data,
                count=form.count.data or 1,
                record_past=form.record_past.data,
                **form.event_fields(),
            )
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
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
    return render_template(
        "events/edit.html", form=form, chapter=chapter, event=None, preview=preview
    )


def _ordinal(rank: int) -> str:
    return [_("1st"), _("2nd"), _("3rd"), _("4th"), _("5th")][rank - 1]


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
            update = services.update_event(
                event,
                form.schedule(),
                record_past=form.record_past.data,
                below_confirmed=form.below_confirmed.data,
                **form.event_fields(),
            )
            later = []
            if form.scope.data == "later" and update.changes:
                later = services.update_later(event, update, form.schedule(), **form.event_fields())
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            promoted = update.promoted + [p for u in later for p in u.promoted]
            if later:
                flash(
                    ngettext(
                        "The same change was made to %(num)d later evening of the series.",
                        "The same change was made to %(num)d later evenings of the series.",
                        len(later),
                    ),
                    "info",
                )
            if not update.changes:
                flash(_("Nothing changed, so nothing was saved and no one was told."), "info")
            elif event.status != EventStatus.PUBLISHED:
                flash(_("Changes saved."), "success")
            elif update.changes.keys() & services.NOTIFY_FIELDS:
                flash(
                    _("Changes saved. Everyone signed up gets an email with the change."), "success"
                )
            else:
                flash(
                    _("Changes saved. No email was sent: time and place are unchanged."), "success"
                )
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
    return render_template(
        "events/edit.html",
        form=form,
        chapter=event.chapter,
        event=event,
        later_count=len(services.later_in_series(event)),
    )


# Which field a refusal from the services belongs to (default: the start time).
ERROR_FIELDS = {"past": "day", "below_confirmed": "capacity", "deadline": "deadline_day"}


def _show_error(form: EventForm, error: DomainError) -> None:
    field = getattr(form, ERROR_FIELDS.get(error.code, "starts"))
    field.errors = [*field.errors, error.message]


@bp.post("/events/<int:event_id>/publish")
@event_role_required(Role.ORGANIZER)
def publish(event: Event):
    if EmptyForm().validate_on_submit():
        try:
            if request.form.get("scope") == "later":
                count = services.publish_later(event)
            else:
                services.publish(event)
                count = 1
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Published: the evening is on the public pages now.",
                    "Published %(num)d evenings: they are on the public pages now.",
                    count,
                ),
                "success",
            )
    return redirect(url_for("manage_events.event", event_id=event.id))


@bp.post("/events/<int:event_id>/cancel")
@event_role_required(Role.ORGANIZER)
def cancel(event: Event):
    if not event.was_published:
        # Nobody outside the chapter ever saw it: cancelling means deleting, once confirmed.
        return redirect(url_for("manage_events.delete", event_id=event.id))
    others = _other_upcoming(event)
    form = CancelEventForm(others)
    if form.validate_on_submit():
        reason = form.reason.data or ""
        instead = next((e for e in others if e.id == form.instead_id()), None)
        if request.form.get("scope") == "later":
            count = services.cancel_later(event, reason=reason)
        else:
            services.cancel(event, reason=reason, instead=instead)
            count = 1
        db.session.commit()
        flash(
            ngettext(
                "The evening is cancelled. Sign-ups are kept so people can be told.",
                "%(num)d evenings are cancelled. Sign-ups are kept so people can be told.",
                count,
            ),
            "info",
        )
    return redirect(url_for("manage_events.event", event_id=event.id))


@bp.post("/events/<int:event_id>/duplicate")
@event_role_required(Role.ORGANIZER)
def duplicate(event: Event):
    form = DuplicateForm()
    if not form.validate_on_submit():
        flash(_("Give the date for the copy."), "error")
        return redirect(url_for("manage_events.event", event_id=event.id))
    try:
        copy = services.duplicate(event, required(form.day.data))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("manage_events.event", event_id=event.id))
    db.session.commit()
    flash(_("Copied as a draft on the new date. Check it, then publish it."), "success")
    return redirect(url_for("manage_events.event", event_id=copy.id))


# --- one sign-up at a time ---------------------------------------------------------------


def _log(event: Event, action: AuditAction, rsvp_id: int) -> None:
    """Every organizer change to a sign-up goes into the audit log, by number, not by name."""
    audit.record(event.chapter_id, current_user, action, audit.signup(event, rsvp_id))


def _back_to_people(event: Event):
    return redirect(url_for("manage_events.event", event_id=event.id) + "#people")


def _flash_promoted(promoted: list) -> None:
    if promoted:
        flash(
            ngettext(
                "%(num)d person moved from the waitlist to a seat.",
                "%(num)d people moved from the waitlist to a seat.",
                len(promoted),
            ),
            "info",
        )


def _over_seats_warning(event: Event) -> None:
    flash(
        _(
            "The evening is over its %(seats)d seats now. Raise the seats if the room allows.",
            seats=event.capacity,
        ),
        "warning",
    )


@bp.post("/events/<int:event_id>/rsvps/add")
@event_role_required(Role.ORGANIZER)
def add_person(event: Event):
    form = AddPersonForm()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(str(m) for m in messages), "error")
        return _back_to_people(event)
    try:
        added, over = rsvp_services.add_by_hand(
            event.id,
            name=required(form.name.data),
            email=form.email.data or None,
            reads_russian=form.reads_russian.data,
            first_time=form.first_time.data,
            notify=form.notify.data,
            language=str(get_locale() or "en"),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back_to_people(event)
    _log(event, AuditAction.SIGNUP_ADDED, added.id)
    db.session.commit()
    # No names in flashes: they travel in the session cookie, which is signed, not encrypted.
    flash(_("Added to the list with a confirmed seat."), "success")
    if over:
        _over_seats_warning(event)
    return _back_to_people(event)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/cancel")
@event_role_required(Role.ORGANIZER)
def cancel_person(event: Event, rsvp_id: int):
    form = CancelPersonForm()
    if form.validate_on_submit():
        try:
            promoted = rsvp_services.cancel_for_attendee(event.id, rsvp_id, notify=form.notify.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            _log(event, AuditAction.SIGNUP_CANCELLED, rsvp_id)
            db.session.commit()
            if form.notify.data:
                flash(_("Place cancelled; they get an email about it."), "success")
            else:
                flash(_("Place cancelled; no email was sent."), "success")
            _flash_promoted(promoted)
    return _back_to_people(event)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/remove")
@event_role_required(Role.ORGANIZER)
def remove_person(event: Event, rsvp_id: int):
    if EmptyForm().validate_on_submit():
        try:
            promoted = rsvp_services.remove(event.id, rsvp_id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            _log(event, AuditAction.SIGNUP_REMOVED, rsvp_id)
            db.session.commit()
            flash(_("Sign-up removed. No email was sent, and nothing of it is kept."), "success")
            _flash_promoted(promoted)
    return _back_to_people(event)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/promote")
@event_role_required(Role.ORGANIZER)
def promote_person(event: Event, rsvp_id: int):
    if EmptyForm().validate_on_submit():
        try:
            over = rsvp_services.promote(event.id, rsvp_id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            _log(event, AuditAction.SIGNUP_PROMOTED, rsvp_id)
            db.session.commit()
            flash(_("Moved from the waitlist to a seat; they get an email."), "success")
            if over:
                _over_seats_warning(event)
    return _back_to_people(event)


@bp.post("/events/<int:event_id>/rsvps/<int:rsvp_id>/edit")
@event_role_required(Role.ORGANIZER)
def edit_person(event: Event, rsvp_id: int):
    form = PersonForm(prefix=f"p{rsvp_id}")
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(str(m) for m in messages), "error")
        return _back_to_people(event)
    try:
        rsvp_services.edit_attendee(
            event.id,
            rsvp_id,
            name=required(form.name.data),
            reads_russian=form.reads_russian.data,
            first_time=form.first_time.data,
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        _log(event, AuditAction.SIGNUP_EDITED, rsvp_id)
        db.session.commit()
        flash(_("Changes to the sign-up saved."), "success")
    return _back_to_people(event)


def _other_upcoming(event: Event) -> list[Event]:
    """The chapter's other published evenings still to come, to point attendees to."""
    query = services.upcoming_query(utcnow(), event.chapter_id).where(Event.id != event.id)
    return list(db.session.scalars(query.limit(30)))


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
        has_started=event.starts_at <= utcnow(),
        kept=rsvp_queries.held_seats(event.id, utcnow()),
        form=EmptyForm(),
        duplicate_form=DuplicateForm(formdata=None),
        cancel_event_form=CancelEventForm(_other_upcoming(event), formdata=None),
        add_form=AddPersonForm(formdata=None),
        cancel_form=CancelPersonForm(formdata=None),
        person_form=lambda r: PersonForm(formdata=None, obj=r, prefix=f"p{r.id}"),
        later_count=len(services.later_in_series(event)),
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
