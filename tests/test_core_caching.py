"""Public pages are cached briefly for cookieless visitors, never for anyone else."""

import pytest

from eventsite.extensions import db
from tests.builders import make_event, make_user
from tests.helpers import login

pytestmark = pytest.mark.app_config(CACHE_TYPE="SimpleCache", CACHE_DEFAULT_TIMEOUT=60)


def test_strangers_get_the_cached_page_for_a_while(app):
    event = make_event(title="Before")
    stranger = app.test_client(use_cookies=False)
    assert "Before" in stranger.get(f"/events/{event.id}").text
    event.title = "After"
    db.session.commit()
    assert "Before" in stranger.get(f"/events/{event.id}").text  # within the cache time
    assert "Set-Cookie" not in stranger.get(f"/events/{event.id}").headers


def test_the_cache_keeps_languages_apart(app):
    event = make_event()
    stranger = app.test_client(use_cookies=False)
    assert 'lang="en"' in stranger.get(f"/events/{event.id}").text
    ru = stranger.get(f"/events/{event.id}", headers={"Accept-Language": "ru"}).text
    assert '<html lang="ru">' in ru


def test_people_with_a_session_never_get_a_cached_page(app, client):
    event = make_event(title="Before")
    app.test_client(use_cookies=False).get(f"/events/{event.id}")  # fills the cache
    login(client, make_user(chapter=event.chapter).email)
    event.title = "After"
    db.session.commit()
    assert "After" in client.get(f"/events/{event.id}").text
    assert "Log out" in client.get("/").text


def test_forms_are_not_cached(app):
    event = make_event()
    stranger = app.test_client(use_cookies=False)
    first = stranger.get(f"/events/{event.id}/rsvp")
    second = stranger.get(f"/events/{event.id}/rsvp")
    assert first.status_code == second.status_code == 200
