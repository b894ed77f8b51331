"""In Chromium, an organizer cleans up an evening's list and talks to its people.

They remove a troll's two sign-ups, add a person by hand, promote from the waitlist,
write to the attendees, save the evening unchanged, duplicate it, and cancel it with a
reason. The outbox then shows each person got mail for what happened to them and for
nothing that did not (no "Changed" mail, nothing to the troll, nothing for the copy).
"""

from collections import defaultdict
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from eventsite.auth.models import Role
from eventsite.events.models import Event, EventStatus
from eventsite.events.timeutil import to_local
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp.models import Rsvp, RsvpStatus
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import browser_login, outbox_raw
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(
        WTF_CSRF_ENABLED=True, SERVER_NAME=None, TASKS_EMBEDDED_SKIP=["mail.deliver"]
    ),
]


def _mail_by_person() -> dict[str, list[str]]:
    db.session.expire_all()
    kinds = defaultdict(list)
    for row in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)):
        kinds[row.to_addr].append(row.kind)
    return dict(kinds)


def _person(page, name: str):
    """The "Change…" panel of one person on the evening's page, opened."""
    panel = page.locator("details", has=page.locator("summary", has_text=name))
    panel.locator("summary").click()
    return panel


def test_organizer_cleans_up_writes_duplicates_and_cancels(app, browser):
    chapter = make_chapter(name="Letters from Berlin", contact_email="berlin@example.org")
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    event = make_event(
        chapter, title="Cards night", capacity=2, venue_address="Hof 2\n10999 Berlin"
    )
    make_rsvp(event, name="Rita Real", email="rita@example.org")
    make_rsvp(event, name="Troll One", email="troll1@example.org")
    make_rsvp(event, name="Troll Two", email="troll2@example.org")  # waiting
    make_rsvp(event, name="Will Waiting", email="will@example.org")
    make_rsvp(event, name="Sam Second", email="sam@example.org", language="ru")
    db.session.query(OutboxMessage).delete()  # the sign-up mails
    db.session.commit()
    copy_day = to_local(event.starts_at, chapter.timezone).date() + timedelta(days=14)

    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    with live_server(app) as base:
        browser_login(page, base, organizer.email)
        page.goto(f"{base}/manage/events/{event.id}")

        # the troll's two sign-ups go, the waiting one first, then the seat
        _person(page, "Troll Two").get_by_role("button", name="Remove (spam or troll)").click()
        page.get_by_text("Sign-up removed.").wait_for()
        _person(page, "Troll One").get_by_role("button", name="Remove (spam or troll)").click()
        page.get_by_text("1 person moved from the waitlist to a seat.").wait_for()

        adding = page.locator("details", has=page.get_by_text("Add a person by hand…"))
        adding.get_by_text("Add a person by hand…").click()
        adding.get_by_label("Name or pseudonym").fill("Hanna Hand")
        adding.get_by_label("Email (optional)").fill("hanna@example.org")
        adding.get_by_role("button", name="Add with a confirmed seat").click()
        page.get_by_text("Added to the list with a confirmed seat.").wait_for()

        _person(page, "Sam Second").get_by_role("button", name="Give a seat now").click()
        page.get_by_text("Moved from the waitlist to a seat").wait_for()
        page.get_by_text("The evening is over its 2 seats now.").wait_for()

        page.get_by_role("link", name="Write to the attendees").click()
        page.get_by_label("Subject line").fill("Bring pens")
        page.get_by_label("Your message").fill("Please bring a pen.\nTea is on us.")
        page.get_by_role("button", name="Preview the mail").click()
        assert "Please bring a pen." in page.locator(".mail-preview").inner_text()
        assert _mail_by_person() == {
            "will@example.org": ["rsvp_promoted"],
            "hanna@example.org": ["rsvp_confirmed"],
            "sam@example.org": ["rsvp_promoted"],
        }  # a preview sends nothing
        page.get_by_role("button", name="Send to them").click()
        page.get_by_text("Message sent to 4 people, each in a mail of their own.").wait_for()

        # saved without a change: nobody is told anything
        page.get_by_role("link", name="Edit", exact=True).click()
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Nothing changed, so nothing was saved and no one was told.").wait_for()

        page.get_by_text("Duplicate this evening…").click()
        page.get_by_label("New date").fill(copy_day.isoformat())
        page.get_by_role("button", name="Duplicate to this date").click()
        page.get_by_text("Copied as a draft on the new date.").wait_for()

        page.goto(f"{base}/manage/events/{event.id}")
        page.get_by_text("Cancel this evening…").click()
        page.get_by_label("A word to the people signed up (optional)").fill(
            "The café flooded.\nSorry!"
        )
        page.get_by_role("button", name="Yes, cancel the evening").click()
        page.get_by_text("The evening is cancelled.").wait_for()
    context.close()

    told = ["organizer_message", "event_cancelled"]
    assert _mail_by_person() == {
        "will@example.org": ["rsvp_promoted", *told],
        "hanna@example.org": ["rsvp_confirmed", *told],
        "sam@example.org": ["rsvp_promoted", *told],
        "rita@example.org": told,
    }
    names = db.session.scalars(db.select(Rsvp.name).where(Rsvp.event_id == event.id)).all()
    assert "Troll One" not in names and "Troll Two" not in names
    copy = db.session.scalar(db.select(Event).where(Event.id != event.id))
    assert copy.status == EventStatus.DRAFT and copy.title == "Cards night"
    assert db.session.scalar(db.select(Rsvp.id).where(Rsvp.event_id == copy.id)) is None
    live = db.session.scalars(
        db.select(Rsvp.status).where(Rsvp.event_id == event.id, Rsvp.name == "Sam Second")
    ).all()
    assert live == [RsvpStatus.CONFIRMED]

    rows = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.to_addr == "sam@example.org")
        .order_by(OutboxMessage.id)
    ).all()
    raws = [outbox_raw(row) for row in rows]  # the cancellation is a compact row
    message, cancelled = (message_from_bytes(raw, policy=policy.default) for raw in raws[1:])
    for mail in (message, cancelled):
        assert mail["To"] == "sam@example.org" and mail["Cc"] is None
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Организаторы вечера пишут:" in text and "Please bring a pen.\nTea is on us." in text
    assert "Hof 2\n  10999 Berlin" in text
    cancel_text = cancelled.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "The café flooded.\n  Sorry!" in cancel_text
