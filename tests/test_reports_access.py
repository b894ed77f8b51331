"""Reports are for the chapter's organizers and hosts; everyone else gets a 404 or the login."""

import pytest

from eventsite.auth.models import Role
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login

PAGES = [
    "/manage/events/{event}/report",
    "/manage/events/{event}/report.csv",
    "/manage/c/{slug}/report",
    "/manage/c/{slug}/report.csv",
]


@pytest.fixture
def place(app):
    chapter = make_chapter()
    return chapter, make_event(chapter=chapter)


def _urls(place):
    chapter, event = place
    return [p.format(event=event.id, slug=chapter.slug) for p in PAGES]


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.HOST])
def test_members_of_the_chapter_see_reports(client, place, role):
    login(client, make_user(chapter=place[0], role=role).email)
    for url in _urls(place):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_organizer", "admin", "no_chapter"])
def test_others_get_404(client, place, who):
    if who == "other_organizer":
        user = make_user(chapter=make_chapter(), role=Role.ORGANIZER)
    else:
        user = make_user(is_admin=who == "admin")
    login(client, user.email)
    for url in _urls(place):
        assert client.get(url).status_code == 404, url
    assert client.get("/manage/events/999999/report").status_code == 404
    assert client.get("/manage/c/no-such-chapter/report").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    for url in _urls(place):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


def test_manage_pages_link_to_the_reports(client, place):
    chapter, event = place
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    assert (
        f'href="/manage/events/{event.id}/report"' in client.get(f"/manage/events/{event.id}").text
    )
    assert (
        f'href="/manage/c/{chapter.slug}/report"' in client.get(f"/manage/c/{chapter.slug}/").text
    )
