"""Public pages are cached briefly for cookieless visitors, never for anyone else."""

import pytest

from eventsite.extensions import db
from tests.builders import make_event, make_rsvp, make_user
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


PRIVATE = "private, no-store"


def test_every_response_is_private_unless_its_view_is_marked(app, client):
    event = make_event()
    _rsvp, token = make_rsvp(event)
    anonymous = app.test_client(use_cookies=False)
    for path in ("/healthz", "/login", "/letter-check", f"/events/{event.id}/rsvp", "/nowhere"):
        assert anonymous.get(path).headers["Cache-Control"] in (PRIVATE, "no-store"), path
    assert anonymous.get(f"/rsvp/{token}").headers["Cache-Control"] == PRIVATE
    assert anonymous.get(f"/rsvp/{token}/event.ics").headers["Cache-Control"] == PRIVATE
    login(client, make_user(chapter=event.chapter).email)
    for path in ("/manage/", f"/manage/events/{event.id}", "/prisoners/", "/directory"):
        assert client.get(path).headers["Cache-Control"] == PRIVATE, path


def test_public_pages_opt_out_for_strangers_only(app, client):
    event = make_event()
    stranger = app.test_client(use_cookies=False)
    for path in ("/", f"/c/{event.chapter.slug}/", f"/events/{event.id}"):
        response = stranger.get(path)
        assert response.headers["Cache-Control"] == "public, max-age=60", path
        assert {"Cookie", "Accept-Language"} <= set(response.vary), path
    assert stranger.get("/events/999999").headers["Cache-Control"] == PRIVATE  # a 404
    login(client, make_user(chapter=event.chapter).email)
    assert client.get(f"/events/{event.id}").headers["Cache-Control"] == PRIVATE


def test_feeds_and_static_files_keep_public_caching(app):
    event = make_event()
    stranger = app.test_client(use_cookies=False)
    for path in (f"/events/{event.id}.ics", f"/c/{event.chapter.slug}/events.ics"):
        assert stranger.get(path).headers["Cache-Control"] == "public, max-age=900", path
    static = stranger.get("/static/css/site.css")
    assert static.status_code == 200 and "no-store" not in static.headers["Cache-Control"]
    assert static.headers.get("ETag")
