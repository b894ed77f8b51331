"""In Chromium, an organizer previews a weekly series, saves it, publishes it whole, and
moves this and all later evenings to a new time; only the attendee of a moved evening is
told, and only once."""

from zoneinfo import ZoneInfo

import pytest
import time_machine

from eventsite.auth.models import Role
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from tests.builders import make_chapter, make_rsvp, make_user
from tests.helpers import browser_login
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.dates,
    pytest.mark.app_config(
        WTF_CSRF_ENABLED=True, SERVER_NAME=None, TASKS_EMBEDDED_SKIP=["mail.deliver"]
    ),
]

BERLIN = ZoneInfo("Europe/Berlin")


def _events():
    db.session.expire_all()
    return db.session.scalars(db.select(Event).order_by(Event.starts_at)).all()


def test_organizer_previews_publishes_and_moves_a_series(app, browser):
    with time_machine.travel("2026-12-02 12:00Z", tick=True):
        chapter = make_chapter(name="Letters from Berlin", timezone="Europe/Berlin")
        organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        with live_server(app) as base:
            browser_login(page, base, organizer.email)
            page.goto(f"{base}/manage/c/{chapter.slug}/events/new")
            page.get_by_label("Title").fill("Cards")
            page.get_by_label("Date", exact=True).fill("2026-12-10")
            page.get_by_label("Starts at").fill("18:30")
            page.get_by_label("Ends at").fill("21:00")
            page.get_by_label("Venue", exact=True).fill("Café")
            page.get_by_label("Venue address").fill("Street 1\n10999 Berlin")
            page.get_by_label("Repeat").select_option("weekly")
            page.get_by_label("How many evenings in the series").fill("3")

            page.get_by_role("button", name="Preview dates").click()
            preview = page.locator("#preview")
            preview.wait_for()
            assert preview.locator("li").all_inner_texts() == [
                "Thursday, December 10, 2026",
                "Thursday, December 17, 2026",
                "Thursday, December 24, 2026",
            ]
            assert _events() == []  # a preview saves nothing

            page.get_by_role("button", name="Save as draft").click()
            publish_all = "Publish this and all later evenings of the series"
            page.get_by_role("button", name=publish_all).click()
            first, second, third = _events()
            assert {e.status for e in (first, second, third)} == {EventStatus.PUBLISHED}

            make_rsvp(third, name="Tanja Third", email="tanja@example.org")
            make_rsvp(first, name="Fiona First", email="fiona@example.org")
            db.session.query(OutboxMessage).delete()
            db.session.commit()

            page.goto(f"{base}/manage/events/{second.id}/edit")
            page.get_by_label("Starts at").fill("19:00")
            page.get_by_label("Ends at").fill("21:30")
            page.get_by_label("This and all later evenings of the series").check()
            page.get_by_role("button", name="Save changes").click()
            page.get_by_text("1 later evening").first.wait_for()
        context.close()

    events = _events()
    assert [e.starts_at.astimezone(BERLIN).strftime("%d %H:%M") for e in events] == [
        "10 18:30",
        "17 19:00",
        "24 19:00",
    ]
    told = db.session.scalars(db.select(OutboxMessage)).all()
    assert [(m.to_addr, m.kind) for m in told] == [("tanja@example.org", "event_changed")]
