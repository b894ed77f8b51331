"""Every endpoint declares who may use it; each is visited as every kind of user.

A new endpoint without a declaration here fails `test_every_endpoint_is_declared`.
Other chapters' objects answer 404, never 403, so their existence does not leak.
"""

import pytest

from eventsite.auth import services as auth
from eventsite.auth.models import Membership, Role
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.rsvp.tokens import confirm_token
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login

PUBLIC, TOKEN, LOGIN, READER, EDITOR, HOST, ORGANIZER, ADMIN = (
    "public", "token", "login", "reader", "editor", "host", "organizer", "admin",
)  # fmt: skip

ACCESS = {
    "static": PUBLIC,
    "core.healthz": PUBLIC,
    "core.set_language": PUBLIC,
    "events.index": PUBLIC,
    "events.chapter": PUBLIC,
    "events.event": PUBLIC,
    "calendar.event_ics": PUBLIC,
    "calendar.chapter_feed": PUBLIC,
    "rsvp.rsvp": PUBLIC,
    "auth.login": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "safety.letter_check": PUBLIC,
    "prisoners.public_directory": PUBLIC,
    "rsvp.manage": TOKEN,
    "rsvp.calendar": TOKEN,
    "rsvp.confirm_cancel": TOKEN,
    "rsvp.edit": TOKEN,
    "rsvp.undo_cancel": TOKEN,
    "rsvp.confirm": TOKEN,
    "auth.accept_invite": TOKEN,
    "auth.reset_password": TOKEN,
    "auth.logout": LOGIN,
    "auth.logout_everywhere": LOGIN,
    "chapters.dashboard": LOGIN,
    "prisoners.index": READER,
    "prisoners.show": READER,
    "prisoners.export": READER,
    "prisoners.export_xlsx": READER,
    "prisoners.birthdays": READER,
    "prisoners.new": EDITOR,
    "prisoners.edit": EDITOR,
    "prisoners.import_upload": EDITOR,
    "prisoners.import_preview": EDITOR,
    "prisoners.import_errors": EDITOR,
    "prisoners.import_done": EDITOR,
    "prisoners.import_rejects": EDITOR,
    "prisoners.review": READER,
    "prisoners.returned": READER,  # hosts record letters that came back
    "prisoners.checked": EDITOR,
    "chapters.manage": HOST,
    "manage_events.chapter_events": HOST,
    "manage_events.event": HOST,
    "checkin.checkin": HOST,
    "checkin.check_in": HOST,
    "checkin.undo": HOST,
    "checkin.walk_in": HOST,
    "tallies.tallies": HOST,
    "tallies.posted": HOST,
    "seating.tables": HOST,
    "seating.add_tables": HOST,
    "seating.auto_assign": HOST,
    "seating.choose": HOST,
    "seating.choose_prisoner": HOST,
    "seating.remove_prisoner": HOST,
    "seating.move_prisoner": HOST,
    "seating.move_person": HOST,
    "seating.edit_table": HOST,
    "seating.remove_table": HOST,
    "seating.table": HOST,
    "printing.signin": HOST,
    "printing.packs": HOST,
    "printing.table_pack": HOST,
    "printing.tally": HOST,
    "printing.cards": HOST,
    "printing.table_cards": HOST,
    "printing.writer_sheets": HOST,
    "printing.table_writer_sheets": HOST,
    "printing.envelopes": HOST,
    "printing.labels": HOST,
    "printing.postcards": HOST,
    "printing.birthdays": HOST,
    "printing.run_sheet": HOST,
    "reports.evening": HOST,
    "reports.evening_csv": HOST,
    "reports.evening_xlsx": HOST,
    "reports.chapter": HOST,
    "reports.chapter_csv": HOST,
    "reports.chapter_xlsx": HOST,
    "chapters.settings": ORGANIZER,
    "chapters.invite": ORGANIZER,
    "chapters.members": ORGANIZER,
    "chapters.change_role": ORGANIZER,
    "chapters.remove_member": ORGANIZER,
    "chapters.revoke_invitation": ORGANIZER,
    "manage_events.new_event": ORGANIZER,
    "manage_events.edit_event": ORGANIZER,
    "manage_events.publish": ORGANIZER,
    "manage_events.cancel": ORGANIZER,
    "manage_events.delete": ORGANIZER,
    "audit.log": ORGANIZER,
    "manage_events.rsvps_csv": ORGANIZER,
    "manage_events.rsvps_xlsx": ORGANIZER,
    "manage_events.purge_evening": ORGANIZER,
    "manage_events.duplicate": ORGANIZER,
    "manage_events.add_person": ORGANIZER,
    "manage_events.cancel_person": ORGANIZER,
    "manage_events.remove_person": ORGANIZER,
    "manage_events.promote_person": ORGANIZER,
    "manage_events.edit_person": ORGANIZER,
    "people.no_show": ORGANIZER,
    "people.undo_no_show": ORGANIZER,
    "people.message": ORGANIZER,
    "tallies.unlock": ORGANIZER,
    "chapters.admin_chapters": ADMIN,
    "chapters.admin_chapter": ADMIN,
}

VISITORS = ["anonymous", "other_host", "other_organizer", "host", "organizer"]

# Who gets in, per declaration (the others get 404, or the login page when anonymous).
ALLOWED = {
    PUBLIC: set(VISITORS),
    TOKEN: set(VISITORS),
    LOGIN: {"other_host", "other_organizer", "host", "organizer"},
    READER: {"other_host", "other_organizer", "host", "organizer"},  # the directory is shared
    EDITOR: {"other_organizer", "organizer"},
    HOST: {"host", "organizer"},
    ORGANIZER: {"organizer"},
    ADMIN: set(),
}


def test_every_endpoint_is_declared(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "declare these endpoints in ACCESS"
    assert set(ACCESS) - endpoints == set(), "these declared endpoints no longer exist"


def _world():
    """Chapter A with an evening, a table, an RSVP and a prisoner; chapter B next door."""
    home, other = make_chapter(), make_chapter()
    people = {
        "host": make_user(chapter=home, role=Role.HOST),
        "organizer": make_user(chapter=home, role=Role.ORGANIZER),
        "other_host": make_user(chapter=other, role=Role.HOST),
        "other_organizer": make_user(chapter=other, role=Role.ORGANIZER),
    }
    event = make_event(chapter=home, capacity=10)
    table = EventTable(event=event, label="1", seats=4)
    prisoner = Prisoner(
        name_ru="Тестов Тест", name_latin="Testov Test", status=PrisonerStatus.ACTIVE
    )
    db.session.add_all([table, prisoner])
    db.session.flush()
    db.session.add(TablePrisoner(event_id=event.id, prisoner_id=prisoner.id, table_id=table.id))
    db.session.commit()
    rsvp, rsvp_token = make_rsvp(event)
    membership_id = db.session.scalar(
        db.select(Membership.id).where(Membership.user_id == people["host"].id)
    )
    pending, _token = make_rsvp(event, confirm_by_email=True)
    _invitation, invite_token = auth.invite(home, "new@example.org", Role.HOST, None, 24)
    revocable, _token = auth.invite(home, "other@example.org", Role.HOST, None, 24)
    db.session.commit()
    return {
        "people": people,
        "values": {
            "slug": home.slug,
            "event_id": event.id,
            "table_id": table.id,
            "rsvp_id": rsvp.id,
            "prisoner_id": prisoner.id,
            "membership_id": membership_id,
            "invitation_id": revocable.id,
            "filename": "css/site.css",
        },
        "tokens": {
            "rsvp.manage": rsvp_token,
            "rsvp.calendar": rsvp_token,
            "rsvp.confirm_cancel": rsvp_token,
            "rsvp.edit": rsvp_token,
            "rsvp.undo_cancel": rsvp_token,
            "rsvp.confirm": confirm_token(pending),
            "auth.accept_invite": invite_token,
            "auth.reset_password": auth.password_reset_token(people["organizer"]),
            "prisoners.import_preview": "no-such-upload",
            "prisoners.import_errors": "no-such-upload",
            "prisoners.import_done": "no-such-upload",
            "prisoners.import_rejects": "no-such-upload",
        },
    }


def _url(app, endpoint, world):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: world["values"].get(name) for name in rule.arguments}
    if "token" in rule.arguments:
        values["token"] = world["tokens"][endpoint]
    method = "GET" if "GET" in rule.methods else "POST"
    return method, app.url_for(endpoint, **values)


@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_access_matrix(app, endpoint):
    world = _world()
    method, url = _url(app, endpoint, world)
    level = ACCESS[endpoint]
    # Outsiders first, so a permitted POST cannot change what they would have seen.
    for visitor in sorted(VISITORS, key=lambda v: v in ALLOWED[level]):
        client = app.test_client()
        if visitor != "anonymous":
            login(client, world["people"][visitor].email)
        response = client.open(url, method=method, data={})
        code = response.status_code
        if visitor in ALLOWED[level]:
            assert code < 400 or code in (409, 422), (visitor, method, url, code)
        elif visitor == "anonymous":
            assert code == 302 and "/login" in response.headers["Location"], (method, url, code)
        else:
            assert code == 404, (visitor, method, url, code)
        assert code != 403


def test_admin_pages_let_only_admins_in(app):
    admin = make_user(is_admin=True)
    client = app.test_client()
    login(client, admin.email)
    assert client.get("/admin/chapters").status_code == 200
