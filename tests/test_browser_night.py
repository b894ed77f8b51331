"""On a phone-sized screen: a host filters the list, checks two people in, adds a walk-in."""

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from eventsite.seating.models import EventTable
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import browser_login
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None),
]


def test_host_checks_in_from_a_phone(app, browser):
    chapter = make_chapter()
    host = make_user(chapter=chapter, role=Role.HOST)
    event = make_event(chapter=chapter, title="Tonight", capacity=10)
    db.session.add(EventTable(event=event, label="Window", seats=6))
    db.session.commit()
    for name in ["Анна Смирнова", "Boris Brown", "Вера Ёлкина", "Dmitri"]:
        make_rsvp(event, name=name)

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    with live_server(app) as base:
        browser_login(page, base, host.email)
        page.goto(f"{base}/manage/events/{event.id}/checkin")

        page.get_by_label("Find by name or door code").fill("елкина")  # ё typed as е
        assert page.locator("#people li[data-name]:visible").count() == 1
        page.get_by_role("button", name="Check in (Вера Ёлкина)").tap()
        page.get_by_role("button", name="✓ Arrived — undo (Вера Ёлкина)").wait_for()

        page.get_by_label("Find by name or door code").fill("бор")  # Cyrillic finds Boris
        assert page.locator("#people li[data-name]:visible").count() == 1
        page.get_by_role("button", name="Check in (Boris Brown)").tap()
        page.get_by_role("button", name="✓ Arrived — undo (Boris Brown)").wait_for()

        page.get_by_text("Walk-in: someone who did not sign up").tap()
        page.get_by_label("Name or pseudonym").fill("Walk-in Wanda")
        page.get_by_label("Reads and writes Russian").check()
        page.get_by_role("button", name="Check in and seat").tap()
        page.get_by_text("Walk-in Wanda is checked in at table Window.").wait_for()
        assert "3" in page.locator(".counts li").nth(1).inner_text()  # arrived
        # the page fits the phone: no sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()

    arrived = db.session.scalars(
        db.select(Rsvp.name).where(Rsvp.checked_in_at.is_not(None)).order_by(Rsvp.name)
    ).all()
    assert arrived == ["Boris Brown", "Walk-in Wanda", "Вера Ёлкина"]
