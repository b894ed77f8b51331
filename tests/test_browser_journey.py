"""The whole journey in Chromium, with screenshots of the key pages in test-artifacts/.

An organizer creates and publishes an evening; an attendee signs up; a host checks them
in on a phone, prints a pack (the PDF downloads) and switches the language.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from tests.builders import make_chapter, make_user
from tests.helpers import browser_login, emailed_confirmation_link
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None),
]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


def test_organizer_attendee_host_journey(app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    chapter = make_chapter(name="Letters from Riga", timezone="Europe/Riga")
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    host = make_user(chapter=chapter, role=Role.HOST)
    db.session.add(
        Prisoner(
            name_ru="Иванова Мария Сергеевна",
            name_latin="Ivanova Mariia",
            status=PrisonerStatus.ACTIVE,
            region="Красноярский край",
            facility="ФКУ СИЗО-1",
            postal_code="660075",
        )
    )
    db.session.commit()
    day = date.today() + timedelta(days=10)

    with live_server(app) as base:
        desk = browser.new_context(
            viewport={"width": 1200, "height": 900}, locale="en-GB", accept_downloads=True
        )
        page = desk.new_page()
        page.set_default_timeout(15_000)
        browser_login(page, base, organizer.email)
        page.goto(f"{base}/manage/c/{chapter.slug}/events/new")
        page.get_by_label("Title").fill("Postcards for the winter")
        page.get_by_label("Date").fill(day.isoformat())
        page.get_by_label("Starts at").fill("18:30")
        page.get_by_label("Ends at").fill("21:00")
        page.get_by_label("Venue", exact=True).fill("Café Riga")
        page.get_by_label("Seats").fill("8")
        page.get_by_role("button", name="Save as draft").click()
        page.get_by_role("button", name="Publish").click()
        page.get_by_text("Published: the evening is on the public pages now.").wait_for()
        page.screenshot(path=ARTIFACTS / "organizer-evening.png", full_page=True)
        event_id = int(page.url.rstrip("/").split("/")[-1])

        # an attendee finds it and signs up
        visitor = browser.new_context(locale="en-GB").new_page()
        visitor.goto(base + "/")
        visitor.screenshot(path=ARTIFACTS / "public-index.png", full_page=True)
        visitor.get_by_role("link", name="Postcards for the winter").click()
        visitor.get_by_role("link", name="Sign up").click()
        visitor.get_by_label("Name or pseudonym").fill("Ruta")
        visitor.get_by_label("Email").fill("ruta@example.org")
        visitor.get_by_role("button", name="Sign up").click()
        visitor.get_by_text("open the link in it to confirm your place").wait_for()
        visitor.goto(base + emailed_confirmation_link(app, "ruta@example.org"))
        visitor.get_by_role("button", name="Confirm my place").click()
        visitor.get_by_text("Ruta, your seat is confirmed.").wait_for()
        visitor.screenshot(path=ARTIFACTS / "attendee-confirmed.png", full_page=True)

        # the organizer sets up a table with the prisoner
        page.goto(f"{base}/manage/events/{event_id}/prisoners")
        page.get_by_role("button", name="Choose").first.click()
        page.goto(f"{base}/manage/events/{event_id}/tables")
        page.get_by_role("spinbutton", name="Tables").fill("1")
        page.get_by_label("Seats at each").fill("6")
        page.get_by_role("button", name="Add tables").click()
        page.get_by_role("button", name="Auto-assign").click()
        page.screenshot(path=ARTIFACTS / "tables.png", full_page=True)
        desk.close()

        # the host, on a phone: check in, print a pack, switch to Russian
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
            accept_downloads=True,
        )
        mobile = phone.new_page()
        mobile.set_default_timeout(15_000)
        browser_login(mobile, base, host.email)
        mobile.goto(f"{base}/manage/events/{event_id}/checkin")
        mobile.get_by_role("button", name="Check in (Ruta)").tap()
        mobile.get_by_role("button", name="✓ Arrived — undo (Ruta)").wait_for()
        mobile.screenshot(path=ARTIFACTS / "checkin-phone.png", full_page=True)

        mobile.goto(f"{base}/manage/events/{event_id}")
        with mobile.expect_download() as download_info:
            mobile.evaluate(
                "url => { const a = document.createElement('a'); a.href = url; "
                "a.download = ''; document.body.appendChild(a); a.click(); }",
                f"/events/{event_id}/print/packs.pdf",
            )
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")

        mobile.get_by_role("link", name="Русский").tap()
        mobile.get_by_role("link", name="Выйти").or_(mobile.get_by_text("Выйти")).first.wait_for()
        assert mobile.locator("html").get_attribute("lang") == "ru"
        mobile.screenshot(path=ARTIFACTS / "evening-ru-phone.png", full_page=True)
        phone.close()
