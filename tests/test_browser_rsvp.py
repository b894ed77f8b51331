"""In a real browser: find an evening, sign up, see the confirmation, cancel."""

import pytest

from eventsite.extensions import db
from eventsite.rsvp.models import RsvpStatus
from tests.builders import make_event, make_rsvp
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None),
]


def test_find_sign_up_and_cancel_frees_the_seat_for_the_waitlist(app, page):
    event = make_event(title="Birthday cards for Anna", capacity=1)
    with live_server(app) as base:
        page.goto(base + "/")
        page.get_by_role("link", name="Birthday cards for Anna").click()
        page.get_by_role("link", name="Sign up").click()
        page.get_by_label("Name or pseudonym").fill("Lisa")
        page.get_by_label("Email").fill("lisa@example.org")
        page.get_by_label("I can read and write Russian").check()
        page.get_by_role("button", name="Sign up").click()

        page.get_by_text("Lisa, your seat is confirmed.").wait_for()
        manage_url = page.url
        assert "/rsvp/" in manage_url
        calendar_link = page.get_by_role("link", name="Add to calendar")
        assert calendar_link.get_attribute("href").endswith("/event.ics")

        waiting, _token = make_rsvp(event, name="Next in line")
        assert waiting.status == RsvpStatus.WAITLISTED

        page.get_by_role("link", name="cancel my place").click()  # asks first
        page.get_by_role("button", name="Yes, cancel my place").click()
        page.get_by_text("You cancelled this sign-up.").wait_for()
        assert page.url == manage_url

    db.session.refresh(waiting)
    assert waiting.status == RsvpStatus.CONFIRMED
