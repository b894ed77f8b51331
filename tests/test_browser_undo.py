"""In Chromium on a phone: an attendee cancels by mistake, sees the seat kept, and undoes."""

import pytest

from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_event, make_rsvp
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None),
]


def test_attendee_cancels_then_undoes_on_a_phone(app, browser):
    event = make_event(title="Cards night", capacity=1)
    anna, token = make_rsvp(event, name="Anna", email="anna@example.org")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    with live_server(app) as base:
        page.goto(f"{base}/rsvp/{token}")
        assert anna.door_code in page.inner_text("main")
        page.get_by_role("link", name="I can't come — cancel my place…").tap()
        page.get_by_text("You can undo it for 10 minutes.").wait_for()
        page.get_by_role("button", name="Yes, cancel my place").tap()
        page.get_by_text("Nobody was waiting, so your seat is kept for you until").wait_for()
        text = page.inner_text("main")
        assert anna.door_code not in text and "Add to calendar" not in text
        page.get_by_role("button", name="Undo: I can come after all").tap()
        page.get_by_text("Undone: your seat is yours again.").wait_for()
        assert anna.door_code in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    db.session.expire_all()
    assert db.session.get_one(Rsvp, anna.id).status == RsvpStatus.CONFIRMED
