"""Tables of an evening: set them up, choose prisoners, seat people (organizers and hosts)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventsite.audit import services as audit
from eventsite.auth.models import Role
from eventsite.core.forms import EmptyForm, required
from eventsite.errors import DomainError
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.seating import services
from eventsite.seating.access import table_or_404
from eventsite.seating.forms import AddTablesForm, AutoAssignForm, MoveForm, TableForm

bp = Blueprint("seating", __name__, url_prefix="/manage/events/<int:event_id>")


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
@event_role_required(Role.HOST)
def tables(event: Event):
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
        address_warnings=services.address_warnings(chosen),
        add_form=AddTablesForm(),
        auto_form=AutoAssignForm(),
        move_form=move_form,
        move_options=move_form.options(),
        table_forms={t.id: TableForm(obj=t, prefix=f"t{t.id}") for t in tables},
        form=EmptyForm(),
    )


def _by_table(rows, tables) -> dict[int, list]:
    """Group rows (in their order) by table id, with an empty list for empty tables."""
    grouped: dict[int, list] = {t.id: [] for t in tables}
    for row in rows:
        if row.table_id in grouped:
            grouped[row.table_id].append(row)
    return grouped


@bp.post("/tables/add")
@event_role_required(Role.HOST)
def add_tables(event: Event):
    form = AddTablesForm()
    if form.validate_on_submit():
        count, seats = required(form.count.data), required(form.seats.data)
        if _commit_or_flash(lambda: services.create_tables(event, count, seats)):
            flash(ngettext("%(num)d table added.", "%(num)d tables added.", count), "success")
    else:
        flash(_("Give a number of tables (1–50) and of seats (1–60)."), "error")
    return _back(event.id)


@bp.post("/tables/<int:table_id>/edit")
@event_role_required(Role.HOST)
def edit_table(event: Event, table_id: int):
    table = table_or_404(event, table_id)
    form = TableForm(prefix=f"t{table.id}")
    if form.validate_on_submit():
        if _commit_or_flash(
            lambda: services.update_table(
                table, required(form.label.data), required(form.seats.data)
            )
        ):
            flash(_("Table saved."), "success")
    else:
        flash(_("A table needs a name and 1–60 seats."), "error")
    return _back(event.id, f"#table-{table.id}")


@bp.post("/tables/<int:table_id>/remove")
@event_role_required(Role.HOST)
def remove_table(event: Event, table_id: int):
    table = table_or_404(event, table_id)
    if EmptyForm().validate_on_submit() and _commit_or_flash(lambda: services.remove_table(table)):
        flash(_("Table removed."), "info")
    return _back(event.id)


@bp.post("/tables/auto")
@event_role_required(Role.HOST)
def auto_assign(event: Event):
    form = AutoAssignForm()
    if form.validate_on_submit():
        result = services.auto_assign(event, reshuffle=form.reshuffle.data)
        db.session.commit()
        flash(_("Tables filled."), "success")
        for message in services.describe_notes(result.notes):
            flash(message, "warning")
    return _back(event.id)


@bp.post("/people/<int:rsvp_id>/move")
@event_role_required(Role.HOST)
def move_person(event: Event, rsvp_id: int):
    form = MoveForm(services.tables_of(event.id))
    if form.validate_on_submit():
        try:
            move = services.move_person(
                event, rsvp_id, form.table_id(), over_seats=form.over_seats.data
            )
        except services.TableFull as full:
            db.session.rollback()
            return render_template(
                "seating/confirm_move.html", event=event, move=full.move, form=form, rsvp_id=rsvp_id
            ), 409
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            _flash_move(move)
    return _back(event.id, f"#person-{rsvp_id}")


def _flash_move(move: services.Move) -> None:
    if move.table is None:
        flash(_("No table for them now."), "info")
    elif move.over:
        flash(
            _(
                "Seated at table %(table)s, which is over its seats now (%(taken)d of %(seats)d).",
                table=move.table.label,
                taken=move.taken,
                seats=move.table.seats,
            ),
            "warning",
        )
    else:
        flash(
            _("Seated at table %(table)s now.", table=move.table.label),
            "success",
        )


@bp.post("/prisoners/<int:prisoner_id>/move")
@event_role_required(Role.HOST)
def move_prisoner(event: Event, prisoner_id: int):
    form = MoveForm(services.tables_of(event.id))
    if form.validate_on_submit():
        moves: list[services.Move] = []
        if _commit_or_flash(
            lambda: moves.append(services.move_prisoner(event, prisoner_id, form.table_id()))
        ):
            _flash_move(moves[0])
    return _back(event.id, f"#prisoner-{prisoner_id}")


@bp.get("/prisoners")
@event_role_required(Role.HOST)
def choose(event: Event):
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
@event_role_required(Role.HOST)
def choose_prisoner(event: Event, prisoner_id: int):
    if EmptyForm().validate_on_submit():
        _commit_or_flash(lambda: services.choose_prisoner(event, prisoner_id))
    return redirect(url_for("seating.choose", event_id=event.id))


@bp.post("/prisoners/<int:prisoner_id>/remove")
@event_role_required(Role.HOST)
def remove_prisoner(event: Event, prisoner_id: int):
    if EmptyForm().validate_on_submit():
        _commit_or_flash(lambda: services.unchoose_prisoner(event, prisoner_id))
    return redirect(url_for("seating.choose", event_id=event.id))


@bp.get("/tables/<int:table_id>")
@event_role_required(Role.HOST)
def table(event: Event, table_id: int):
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
