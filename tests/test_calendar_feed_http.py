"""The feed answers conditional requests: pollers download it only when it changed."""

from datetime import timedelta

import pytest
import time_machine
from werkzeug.http import http_date, parse_date

from eventsite.events import services as events
from eventsite.extensions import db
from tests.builders import make_chapter, make_event, make_rsvp
from tests.helpers import make_test_app
from tests.test_calendar_clients import _move


def _feed(client, slug, **headers):
    return client.get(f"/c/{slug}/events.ics", headers=headers)


def test_feed_has_a_strong_etag_and_last_modified(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter)
    response = _feed(client, chapter.slug)
    assert response.status_code == 200
    etag, weak = response.get_etag()
    assert etag and not weak
    assert parse_date(response.headers["Last-Modified"]) == event.updated_at.replace(microsecond=0)
    assert response.headers["Cache-Control"] == "public, max-age=900"


def test_matching_if_none_match_gets_304_without_a_body(app, client):
    chapter = make_chapter()
    make_event(chapter=chapter)
    etag = _feed(client, chapter.slug).headers["ETag"]
    again = _feed(client, chapter.slug, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=900"


@pytest.mark.dates
def test_if_modified_since_gets_304_until_an_evening_changes(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter)
    last_modified = _feed(client, chapter.slug).headers["Last-Modified"]
    assert _feed(client, chapter.slug, **{"If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date(parse_date(last_modified) - timedelta(seconds=1))
    assert _feed(client, chapter.slug, **{"If-Modified-Since": earlier}).status_code == 200
    with time_machine.travel(event.updated_at + timedelta(minutes=5), tick=False):
        _move(event)
    assert _feed(client, chapter.slug, **{"If-Modified-Since": last_modified}).status_code == 200


@pytest.mark.dates
def test_a_cancellation_that_takes_an_evening_out_moves_last_modified_on(app, client):
    chapter = make_chapter()
    staying = make_event(chapter=chapter)
    leaving = make_event(chapter=chapter)
    with time_machine.travel(staying.updated_at + timedelta(minutes=5), tick=False):
        _move(leaving)  # the feed's latest change is the one that will leave
    before = _feed(client, chapter.slug)
    with time_machine.travel(leaving.updated_at + timedelta(minutes=5), tick=False):
        events.cancel(leaving)
        db.session.commit()
    after = _feed(client, chapter.slug, **{"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200
    assert leaving.title not in after.text
    assert parse_date(after.headers["Last-Modified"]) == leaving.cancelled_at.replace(microsecond=0)


@pytest.mark.dates
def test_etag_holds_over_time_and_sign_ups_but_not_over_changes(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter)
    etag = _feed(client, chapter.slug).headers["ETag"]
    with time_machine.travel(event.updated_at + timedelta(hours=6)):
        assert _feed(client, chapter.slug).headers["ETag"] == etag  # no request time inside
    make_rsvp(event)  # a sign-up changes nothing a calendar shows
    assert _feed(client, chapter.slug, **{"If-None-Match": etag}).status_code == 304
    _move(event)
    changed = _feed(client, chapter.slug, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_another_app_process_computes_the_same_etag(app, client, tmp_path, monkeypatch):
    chapter = make_chapter()
    make_event(chapter=chapter)
    make_event(chapter=chapter)
    etag = _feed(client, chapter.slug).headers["ETag"]
    db.session.commit()
    other = make_test_app(
        tmp_path / "other",
        monkeypatch,
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    )
    response = _feed(other.test_client(), chapter.slug, **{"If-None-Match": etag})
    assert response.status_code == 304
    with other.app_context():
        db.engine.dispose()


def test_evening_download_answers_conditional_requests_too(app, client):
    event = make_event()
    etag = client.get(f"/events/{event.id}.ics").headers["ETag"]
    again = client.get(f"/events/{event.id}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
