"""Bounded input everywhere: lengths, numbers, query strings, body sizes, settings, cookies."""

import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from eventsite import create_app
from eventsite.auth.models import Role
from eventsite.config import ConfigError
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner
from tests.builders import PASSWORD, make_chapter, make_event, make_prisoner, make_user
from tests.helpers import login
from tests.test_prisoners_import import HEADER, SAMPLE, preview, upload


@pytest.fixture
def organizer(app, client):
    chapter = make_chapter()
    user = make_user(chapter=chapter, role=Role.ORGANIZER)
    login(client, user.email)
    return user


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(Prisoner.id)))


def test_the_import_applies_the_forms_length_limits(app, client, organizer):
    # A long id (ASCII): 100,000 Cyrillic letters of one kind are refused as mis-encoded.
    cells = "Иванов Пётр Сергеевич,1980-01-01,active,601446,Владимирская обл.,г. Покров,ИК-2,"
    row = f"{'x' * 100_000},{cells}\n"
    url, page = preview(client, HEADER + row)
    assert "at most 64 characters (this has 100000)" in page.text
    assert client.post(url).status_code == 422
    assert _count() == 0


def test_confirming_an_import_twice_imports_it_once(app, client, organizer):
    url, _page = preview(client, SAMPLE.read_bytes())
    assert client.post(url).status_code == 302
    imported = _count()
    assert imported > 0
    again = client.post(url, follow_redirects=True)
    assert "already imported" in again.text
    assert _count() == imported


@pytest.mark.slow
@pytest.mark.app_config(SERVER_NAME=None)
def test_two_simultaneous_confirms_import_once(app, client, organizer):
    import http.client

    from tests.livesrv import live_server

    url, _page = preview(client, SAMPLE.read_bytes())
    email = organizer.email
    with live_server(app) as base:
        start = threading.Barrier(2, timeout=30)
        host = urllib.parse.urlsplit(base)

        def confirm(_):
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            body = urllib.parse.urlencode({"email": email, "password": PASSWORD})
            conn.request("POST", "/login", body, headers)
            response = conn.getresponse()
            response.read()
            cookie = response.getheader("Set-Cookie").split(";")[0]
            start.wait()
            conn.request("POST", url, "", {**headers, "Cookie": cookie})
            status = conn.getresponse().status
            conn.close()
            return status

        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(confirm, range(2)))
    assert statuses == [302, 302]
    sample_rows = len(SAMPLE.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert _count() == sample_rows


@pytest.mark.parametrize(
    "key", ["endpoint", "_method", "_external", "_anchor", "_scheme", "values"]
)
@pytest.mark.parametrize("path", ["/directory", "/prisoners/", "/prisoners/birthdays"])
@pytest.mark.app_config(PRISONERS_PER_PAGE=1)
def test_query_string_keys_never_reach_url_for(app, client, organizer, path, key):
    make_prisoner()
    make_prisoner()
    response = client.get(path, query_string={key: "x", "q": ""})
    assert response.status_code == 200
    assert f"{key}=x" not in response.text


@pytest.mark.parametrize(
    "months", ["%C2%B2", "%D9%A1%D9%A2", "%EF%BC%91%EF%BC%92", "1_2", " 12", "-1"]
)
def test_numbers_in_the_query_string_are_ascii_digits(app, client, months):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    response = client.get(f"/manage/c/{chapter.slug}/report?months={months}")
    assert response.status_code == 400
    assert "Choose a period of 1 to 60 months." in response.text
    assert client.get(f"/manage/c/{chapter.slug}/report?months=12").status_code == 200
    # A page number that is not ASCII is page 1, not an error (nor page 12).
    assert client.get(f"/manage/c/{chapter.slug}/report?page=%D9%A1%D9%A2").status_code == 200


def test_route_numbers_are_ascii_digits(app, client):
    event = make_event()
    assert client.get(f"/events/{event.id}").status_code == 200
    arabic = "".join(chr(0x0660 + int(d)) for d in str(event.id))
    assert client.get(f"/events/{urllib.parse.quote(arabic)}").status_code == 404


@pytest.mark.parametrize("capacity", ["１２", "1_2", "١٢", "12.0"])
def test_number_fields_take_ascii_digits_only(app, client, organizer, capacity):
    chapter = organizer.memberships[0].chapter
    response = client.post(
        f"/manage/c/{chapter.slug}/events/new",
        data={
            "title": "T",
            "day": "2031-05-05",
            "starts": "18:00",
            "ends": "21:00",
            "capacity": capacity,
            "address_visibility": "public",
            "repeat": "none",
            "count": "1",
        },
    )
    assert response.status_code == 200
    assert "Write a whole number with the digits 0–9." in response.text


def test_bodies_are_limited_per_route(app, client, organizer):
    big = {"email": "a@example.org", "password": "x" * 300_000}
    assert client.post("/login", data=big).status_code == 413
    assert client.post("/letter-check", data={"text": "я" * 20_000}).status_code == 200
    assert upload(client, SAMPLE.read_bytes() * 300).status_code == 302  # ~350 KB: allowed


def test_production_refuses_memory_rate_limits_with_several_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    for name in ("RATELIMIT_STORAGE_URI", "RATELIMIT_ALLOW_MEMORY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    production = {
        "ENV_NAME": "production",
        "SECRET_KEY": "k" * 40,
        "BASE_URL": "https://letters.example.org",
    }
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        create_app(production)
    monkeypatch.setenv("RATELIMIT_ALLOW_MEMORY", "true")
    assert create_app(production).config["WORKERS"] == 3
    monkeypatch.delenv("RATELIMIT_ALLOW_MEMORY")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    create_app(production)
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    create_app(production)  # one worker: its counters are all the counters


def test_production_needs_base_url(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    config = {"ENV_NAME": "production", "SECRET_KEY": "k" * 40}
    with pytest.raises(ConfigError, match="BASE_URL is not set"):
        create_app(config)
    with pytest.raises(ConfigError, match="https"):
        create_app({**config, "BASE_URL": "http://letters.example.org"})
    with pytest.raises(ConfigError, match="must look like"):
        create_app({**config, "BASE_URL": "letters.example.org"})


@pytest.mark.parametrize(
    ("env", "value", "key", "expected"),
    [
        ("RATELIMIT_LOGIN", "3 per minute", "RATELIMIT_LOGIN", "3 per minute"),
        ("RATELIMIT_RSVP", "4 per hour", "RATELIMIT_RSVP", "4 per hour"),
        ("RATELIMIT_LETTER_CHECK", "5 per minute", "RATELIMIT_LETTER_CHECK", "5 per minute"),
        ("RATELIMIT_INVITE", "6 per hour", "RATELIMIT_INVITE", "6 per hour"),
        ("RATELIMIT_PASSWORD", "7 per hour", "RATELIMIT_PASSWORD", "7 per hour"),
        ("RSVP_CONFIRM_HOURS", "5", "RSVP_CONFIRM_HOURS", 5),
        ("REMEMBER_DAYS", "14", "REMEMBER_DAYS", 14),
        ("CACHE_TYPE", "NullCache", "CACHE_TYPE", "NullCache"),
        (
            "TRUSTED_HOSTS",
            '["a.example", "b.example"]',
            "TRUSTED_HOSTS",
            ["a.example", "b.example"],
        ),
    ],
)
def test_the_documented_variable_names_work_without_a_prefix(
    tmp_path, monkeypatch, env, value, key, expected
):
    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(env, value)
    assert create_app({"CACHE_NO_NULL_WARNING": True}).config[key] == expected


def test_walk_in_names_do_not_travel_in_the_session_cookie(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    event = make_event(chapter=chapter)
    response = client.post(f"/manage/events/{event.id}/walk-in", data={"name": "Vera Cookieless"})
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(client.get_cookie("session", domain="letters.test").value)
    assert "Vera" not in repr(session)
    page = client.get(response.headers["Location"]).text
    assert "Vera Cookieless is checked in" in page


def test_the_language_cookie_is_secure_over_https(app):
    client = app.test_client()
    secure = client.get("/language?lang=ru", base_url="https://letters.test")
    assert "Secure" in secure.headers["Set-Cookie"]
    plain = client.get("/language?lang=ru")
    assert "Secure" not in plain.headers["Set-Cookie"]
