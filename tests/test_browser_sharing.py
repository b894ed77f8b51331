"""In Chromium: the copy-link button appears with scripts and puts the evening's link on
the clipboard; without scripts the link waits in a read-only field."""

import pytest

from tests.builders import make_event
from tests.livesrv import live_server

pytestmark = [pytest.mark.browser, pytest.mark.app_config(SERVER_NAME=None)]


def test_copy_link_puts_the_evenings_address_on_the_clipboard(app, browser):
    event = make_event(title="Cards for spring")
    with live_server(app) as base:
        context = browser.new_context(locale="en-GB")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/events/{event.id}")
        button = page.get_by_role("button", name="Copy link")
        button.click()
        page.get_by_role("button", name="Copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"http://letters.test/events/{event.id}"  # from BASE_URL
        context.close()

        bare = browser.new_context(locale="en-GB", java_script_enabled=False)
        page = bare.new_page()
        page.goto(f"{base}/events/{event.id}")
        assert page.get_by_role("button", name="Copy link").count() == 0  # hidden
        field = page.get_by_label("Invite someone: the link to this evening")
        assert field.input_value() == f"http://letters.test/events/{event.id}"
        bare.close()
