"""The organizer's list of a chapter's evenings: upcoming and past, each paginated."""

from datetime import timedelta

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import utcnow
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login

pytestmark = pytest.mark.dates


@pytest.fixture
def chapter(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    return chapter


def _evening(chapter, days: int, title: str):
    starts = utcnow() + timedelta(days=days)
    return make_event(
        chapter=chapter, title=title, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )


@pytest.mark.app_config(EVENTS_PER_PAGE=3)
def test_upcoming_soonest_first_and_past_latest_first_a_page_at_a_time(chapter, client):
    for day in range(1, 6):
        _evening(chapter, day, f"Soon {day}")
        _evening(chapter, -day, f"Gone {day}")
    url = f"/manage/c/{chapter.slug}/events"

    first = client.get(url).text
    assert [t for t in ("Soon 1", "Soon 2", "Soon 3", "Soon 4") if t in first] == [
        "Soon 1",
        "Soon 2",
        "Soon 3",
    ]
    assert first.index("Soon 1") < first.index("Soon 2") < first.index("Soon 3")
    assert first.index("Gone 1") < first.index("Gone 2") < first.index("Gone 3")
    assert "Gone 4" not in first
    assert first.count("Page 1 of 2") == 2
    assert f"{url}?upcoming=2&amp;past=1" in first
    assert f"{url}?past=2&amp;upcoming=1" in first

    later = client.get(f"{url}?upcoming=2&past=2").text
    assert "Soon 4" in later and "Soon 5" in later and "Soon 3" not in later
    assert "Gone 4" in later and "Gone 5" in later and "Gone 3" not in later


def test_a_page_past_the_end_is_empty_not_an_error(chapter, client):
    _evening(chapter, 2, "Only one")
    page = client.get(f"/manage/c/{chapter.slug}/events?upcoming=9")
    assert page.status_code == 200
    assert "Only one" not in page.text
    assert "Nothing planned yet." in page.text
