"""Real subscribers: vdirsyncer syncs the chapter feed over HTTP, khal shows what arrived.

And the attendee's path: the mail's calendar files imported into khal one after the
other, as someone who opens their mail would. What khal does there is recorded as it is:
it ignores METHOD, replaces the entry with the same UID and shows it "CANCELLED". (It
compares no SEQUENCE either: an older file imported after the CANCEL would win.)
"""

import re
import urllib.request
from datetime import timedelta
from email import message_from_bytes, policy

import icalendar
import pytest
from sqlalchemy import select

from eventsite.events import services as events
from eventsite.events.services import Schedule
from eventsite.events.timeutil import to_local
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.rsvp import services as rsvps
from tests.builders import make_chapter, make_event, make_rsvp
from tests.helpers import outbox_raw
from tests.khaltools import TIME, Khal, Subscription, require_tools
from tests.livesrv import live_server

pytestmark = [
    pytest.mark.dates,
    pytest.mark.slow,
    # The live server is asked for by 127.0.0.1, not letters.test; links still use BASE_URL.
    pytest.mark.app_config(SERVER_NAME=None),
]

ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _tools():
    require_tools()


def _local(moment) -> str:
    return to_local(moment, ZONE).strftime(TIME)


def _evening(chapter, now, days: int, title: str):
    local = to_local(now + timedelta(days=days), ZONE).replace(
        hour=18, minute=30, second=0, microsecond=0
    )
    return make_event(
        chapter=chapter, title=title, starts_at=local, ends_at=local + timedelta(hours=2)
    )


def _window(now) -> tuple[str, str]:
    """Dates for `khal list` around the test's evenings (khal's clock is not frozen)."""
    first, last = now - timedelta(days=2), now + timedelta(days=40)
    return first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")


def _get(url: str) -> bytes:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 as is
    with direct.open(url, timeout=30) as response:
        return response.read()


def _subscribe_link_path(page_url: str) -> str:
    """The path of the page's "Subscribe" link, which points at BASE_URL's host."""
    (link,) = set(re.findall(r'href="(webcal://[^"]+)"', _get(page_url).decode()))
    assert link.startswith("webcal://letters.test/"), link
    return "/" + link.removeprefix("webcal://").split("/", 1)[1]


def _feed_uids(url: str) -> dict[str, str]:
    """What the server sends: UID by title, before vdirsyncer rewrites the UIDs."""
    cal = icalendar.Calendar.from_ical(_get(url))
    return {str(v["SUMMARY"]): str(v["UID"]) for v in cal.walk("VEVENT")}


def _shown(khal: Khal, now) -> dict[str, tuple[bool, str, str]]:
    entries = khal.entries(*_window(now))
    titles = [e.title for e in entries]
    assert len(titles) == len(set(titles)), f"an evening shows twice: {entries}"
    return {e.title: (e.cancelled, e.start, e.end) for e in entries}


def test_a_subscriber_follows_changes_and_loses_cancelled_evenings(app, tmp_path, frozen_now):
    chapter = make_chapter(slug="berlin", name="Письма из Берлина", timezone=ZONE)
    birthday = _evening(chapter, frozen_now, 7, "Открытки ко дню рождения")
    siberia = _evening(chapter, frozen_now, 14, "Письма в Сибирь")
    khal = Khal(tmp_path / "subscriber", ZONE, {"berlin": True})

    with live_server(app) as base:
        feed = base + _subscribe_link_path(base + "/c/berlin/")
        subscription = Subscription(khal, "berlin", feed)
        subscription.sync()
        assert _shown(khal, frozen_now) == {
            birthday.title: (False, _local(birthday.starts_at), _local(birthday.ends_at)),
            siberia.title: (False, _local(siberia.starts_at), _local(siberia.ends_at)),
        }
        (first,) = [v for v in khal.items("berlin") if v["SUMMARY"] == birthday.title]
        assert int(first["SEQUENCE"]) == 0
        uid = _feed_uids(feed)[birthday.title]
        assert uid == birthday.uid

        # The organizer moves the birthday evening an hour later.
        later = to_local(birthday.starts_at + timedelta(hours=1), ZONE)
        events.update_event(
            birthday, Schedule(later.date(), later.time(), (later + timedelta(hours=2)).time())
        )
        db.session.commit()
        subscription.sync()
        shown = _shown(khal, frozen_now)
        assert shown[birthday.title] == (False, later.strftime(TIME), _local(birthday.ends_at))
        assert shown[siberia.title][0] is False
        (moved,) = [v for v in khal.items("berlin") if v["SUMMARY"] == birthday.title]
        assert int(moved["SEQUENCE"]) == 1
        assert _feed_uids(feed)[birthday.title] == uid  # the server keeps the UID

        # The organizer cancels it: it leaves the subscriber's calendar.
        events.cancel(birthday)
        db.session.commit()
        subscription.sync()
        assert list(_shown(khal, frozen_now)) == [siberia.title]
        assert len(khal.items("berlin")) == 1

        # The last evening cancelled too: the feed keeps it, as cancelled, rather than
        # go empty (vdirsyncer would refuse to sync and keep the evening as it was).
        events.cancel(siberia)
        db.session.commit()
        subscription.sync()
        assert _shown(khal, frozen_now) == {
            siberia.title: (True, _local(siberia.starts_at), _local(siberia.ends_at))
        }


def test_a_new_evening_arrives_and_a_held_one_stays(app, tmp_path, frozen_now):
    chapter = make_chapter(slug="tbilisi", timezone=ZONE)
    held = _evening(chapter, frozen_now, -1, "Вечер, который прошёл")
    khal = Khal(tmp_path / "subscriber", ZONE, {"tbilisi": True})
    with live_server(app) as base:
        subscription = Subscription(khal, "tbilisi", f"{base}/c/tbilisi/events.ics")
        subscription.sync()
        assert list(_shown(khal, frozen_now)) == [held.title]
        upcoming = _evening(chapter, frozen_now, 10, "Новый вечер")
        subscription.sync()
        assert sorted(_shown(khal, frozen_now)) == sorted([held.title, upcoming.title])
        events.cancel(upcoming)
        db.session.commit()
        subscription.sync()
        assert list(_shown(khal, frozen_now)) == [held.title]


def _attachment(kind: str, rsvp, path) -> str:
    """Save the calendar file of the mail `kind` sent for `rsvp`; return its METHOD."""
    (row,) = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.rsvp_id == rsvp.id)
    ).all()
    message = message_from_bytes(outbox_raw(row), policy=policy.default)
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    content = part.get_content()
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return part.get_param("method")


@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])  # read the mails as queued
def test_attendees_import_the_sign_up_then_the_cancellation_into_khal(app, tmp_path, frozen_now):
    chapter = make_chapter(timezone=ZONE)
    event = _evening(chapter, frozen_now, 5, "Открытки в Мордовию")
    kit, _ = make_rsvp(event, name="Кит", email="kit@example.org")
    lee, _ = make_rsvp(event, name="Lee", email="lee@example.org")
    khal = Khal(tmp_path / "attendees", ZONE, {"kit": False, "lee": False})
    for rsvp, name in ((kit, "kit"), (lee, "lee")):
        assert _attachment("rsvp_confirmed", rsvp, tmp_path / f"{name}.ics") == "PUBLISH"
        khal.import_file(name, tmp_path / f"{name}.ics")
    entries = khal.entries(*_window(frozen_now))
    assert sorted((e.calendar, e.cancelled, e.start, e.title) for e in entries) == [
        (name, False, _local(event.starts_at), event.title) for name in ("kit", "lee")
    ]
    assert all("Musterstraße 12" in e.location for e in entries)  # their own file has it

    rsvps.cancel_rsvp(kit.id)  # Kit: "I can't come"
    db.session.commit()
    assert _attachment("rsvp_cancelled", kit, tmp_path / "kit-cancel.ics") == "CANCEL"
    khal.import_file("kit", tmp_path / "kit-cancel.ics")
    events.cancel(event)  # then the organizer cancels the evening for Lee
    db.session.commit()
    assert _attachment("event_cancelled", lee, tmp_path / "lee-cancel.ics") == "CANCEL"
    khal.import_file("lee", tmp_path / "lee-cancel.ics")

    # khal reads no METHOD: it replaces the entry of the same UID with the cancelled one,
    # which it keeps and shows as "CANCELLED" (it does not delete it).
    entries = khal.entries(*_window(frozen_now))
    assert sorted((e.calendar, e.cancelled, e.start, e.title) for e in entries) == [
        (name, True, _local(event.starts_at), event.title) for name in ("kit", "lee")
    ]
    for rsvp, name in ((kit, "kit"), (lee, "lee")):
        (item,) = khal.items(name)
        assert str(item["UID"]) == rsvp.calendar_uid and item["STATUS"] == "CANCELLED"
