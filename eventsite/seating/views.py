"""Tables of an evening: set them up, choose prisoners, seat people (organizers and hosts)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventsite.audit import services as audit
from eventsite.auth.models import Role
from eventsite.core.forms import EmptyForm
from eventsite.errors import DomainError
from eventsite.events.manage import event_for
from eventsite.extensions import db
from eventsite.seating import services
from eventsite.seating.forms import AddTablesForm, AutoAssignForm, MoveForm, TableForm
from eventsite.seating.models import EventTable

bp = Blueprint("seating", __name__, url_prefix="/manage/events/<int:event_id>")


def table_or_404(event, table_id: int) -> EventTable:
    """A table of this evening, or 404 (a table of another evening does not exist here)."""
    return db.first_or_404(
        db.select(EventTable).where(EventTable.id == table_id, EventTable.event_id == event.id)
    )


def _back(event_id: int, anchor: str = ""):
    return redirect(url_for("seating.tables", event_id=event_id) + anchor)


def _commit_or_flash(action) -> bool:
    """Run a service call; commit on success, flash its message on a rule's refusal."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    db.session.commit()
    return True


@bp.get("/tables")
@login_required
def tables(event_id: int):
    event = event_for(event_id, Role.HOST)
    audit.attendee_list_viewed(event, current_user)
    tables = services.tables_of(event.id)
    chosen = services.chosen_prisoners(event.id)
    people = services.seated_people(event.id)
    move_form = MoveForm(tables)
    return render_template(
        "seating/tables.html",
        event=event,
        tables=tables,
        prisoners_at=_by_table(chosen, tables),
        people_at=_by_table(people, tables),
        unplaced_prisoners=[r for r in chosen if r.table_id is None],
        chosen_count=len(chosen),
        unseated=[p for p in people if p.table_id is None],
        birthday_ids=services.birthday_soon_ids(event, [r.prisoner for r in chosen]),
        add_form=AddTablesForm(),
        auto_form=AutoAssignForm(),
        move_form=move_form,
        move_options=move_form.options(),
        table_forms={t.id: TableForm(obj=t, prefix=f"t{t.id}") for t in tables},
        form=EmptyForm(),
    )


def _by_table(rows, tables) -> dict[int, list]:
    """Group rows (in their order) by table id, with an empty list for empty tables."""
    grouped = {t.id: [] for t in tables}
    for row in rows:
        if row.table_id in grouped:
            grouped[row.table_id].append(row)
    return grouped


@bp.post("/tables/add")
@login_required
def add_tables(event_id: int):
    event = event_for(event_id, Role.HOST)
    form = AddTablesForm()
    if form.validate_on_submit():
        if _commit_or_flash(
            lambda: services.create_tables(event, form.count.data, form.seats.data)
        ):
            flash(
                ngettext("%(num)d table added.", "%(num)d tables added.", form.count.data),
                "success",
            )
    else:
        flash(_("Give a number of tables (1–50) and of seats (1–60)."), "error")
    return _back(event.id)


@bp.post("/tables/<int:table_id>/edit")
@login_required
def edit_table(event_id: int, table_id: int):
    event = event_for(event_id, Role.HOST)
    table = table_or_404(event, table_id)
    form = TableForm(prefix=f"t{table.id}")
    if form.validate_on_submit():
        if _commit_or_flash(lambda: services.update_table(table, form.label.data, form.seats.data)):
            flash(_("Table saved."), "success")
    else:
        flash(_("A table needs a name and 1–60 seats."), "error")
    return _back(event.id, f"#table-{table.id}")


@bp.post("/tables/<int:table_id>/remove")
@login_required
def remove_table(event_id: int, table_id: int):
    event = event_for(event_id, Role.HOST)
    table = table_or_404(event, table_id)
    if EmptyForm().validate_on_submit() and _commit_or_flash(lambda: services.remove_table(table)):
        flash(_("Table removed."), "info")
    return _back(event.id)


@bp.post("/tables/auto")
@login_required
def auto_assign(event_id: int):
    event = event_for(event_id, Role.HOST)
    form = AutoAssignForm()
    if form.validate_on_submit():
        result = services.auto_assign(event, reshuffle=form.reshuffle.data)
        db.session.commit()
        flash(_("Tables filled."), "success")
        for message in services.describe_notes(result.notes):
            flash(message, "warning")
    return _back(event.id)


@bp.post("/people/<int:rsvp_id>/move")
@login_required
def move_person(event_id: int, rsvp_id: int):
    event = event_for(event_id, Role.HOST)
    form = MoveForm(services.tables_of(event.id))
    if form.validate_on_submit():
        _commit_or_flash(lambda: services.move_person(event, rsvp_id, form.table_id()))
    return _back(event.id, f"#person-{rsvp_id}")


@bp.post("/prisoners/<int:prisoner_id>/move")
@login_required
def move_prisoner(event_id: int, prisoner_id: int):
    event = event_for(event_id, Role.HOST)
    form = MoveForm(services.tables_of(event.id))
    if form.validate_on_submit():
        _commit_or_flash(lambda: services.move_prisoner(event, prisoner_id, form.table_id()))
    return _back(event.id, f"#prisoner-{prisoner_id}")


@bp.get("/prisoners")
@login_required
def choose(event_id: int):
    event = event_for(event_id, Role.HOST)
    theme = request.args.get("theme", "").strip()[:40] or None
    return render_template(
        "seating/choose.html",
        event=event,
        chosen=services.chosen_prisoners(event.id),
        suggestions=services.suggestions(event, theme=theme),
        theme=theme or "",
        describe=services.describe_notes,
        form=EmptyForm(),
    )


@bp.post("/prisoners/<int:prisoner_id>/choose")
@login_required
def choose_prisoner(event_id: int, prisoner_id: int):
    event = event_for(event_id, Role.HOST)
    if EmptyForm().validate_on_submit():
        _commit_or_flash(lambda: services.choose_prisoner(event, prisoner_id))
    return redirect(url_for("seating.choose", event_id=event.id))


@bp.post("/prisoners/<int:prisoner_id>/remove")
@login_required
def remove_prisoner(event_id: int, prisoner_id: int):
    event = event_for(event_id, Role.HOST)
    if EmptyForm().validate_on_submit():
        _commit_or_flash(lambda: services.unchoose_prisoner(event, prisoner_id))
    return redirect(url_for("seating.choose", event_id=event.id))


@bp.get("/tables/<int:table_id>")
@login_required
def table(event_id: int, table_id: int):
    event = event_for(event_id, Role.HOST)
    audit.attendee_list_viewed(event, current_user)
    table = table_or_404(event, table_id)
    chosen = services.chosen_prisoners(event.id)
    return render_template(
        "seating/table.html",
        event=event,
        table=table,
        prisoners=[r.prisoner for r in chosen if r.table_id == table.id],
        people=[p for p in services.seated_people(event.id) if p.table_id == table.id],
        birthday_ids=services.birthday_soon_ids(event, [r.prisoner for r in chosen]),
    )
