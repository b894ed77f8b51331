"""Sessions end on the server: logout, log out everywhere, and a 30-day ceiling."""

from datetime import timedelta

import pytest
import time_machine

from eventsite.extensions import db, utcnow
from tests.builders import PASSWORD, make_chapter, make_user
from tests.helpers import login

DOMAIN = "letters.test"


def _copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name, domain=DOMAIN)
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain=DOMAIN)


def _remember_login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})


def test_a_session_cookie_copied_before_logout_no_longer_opens_anything(app):
    user = make_user(chapter=make_chapter())
    browser, thief = app.test_client(), app.test_client()
    login(browser, user.email)
    _copy_cookies(browser, thief, names=("session",))
    assert thief.get("/manage/").status_code == 200
    browser.post("/logout")
    assert thief.get("/manage/").status_code == 302  # to the login page
    assert browser.get("/manage/").status_code == 302


def test_a_remember_me_cookie_copied_before_logout_no_longer_logs_in(app):
    user = make_user(chapter=make_chapter())
    browser, thief = app.test_client(), app.test_client()
    _remember_login(browser, user)
    _copy_cookies(browser, thief, names=("remember_token",))
    assert thief.get("/manage/").status_code == 200  # the cookie alone logs in
    browser.post("/logout")
    fresh = app.test_client()
    _copy_cookies(thief, fresh, names=("remember_token",))
    assert fresh.get("/manage/").status_code == 302


def test_log_out_everywhere_ends_every_device(app):
    user = make_user(chapter=make_chapter())
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user.email)
    _remember_login(phone, user)
    response = laptop.post("/logout/everywhere", follow_redirects=True)
    assert "You are logged out on every device." in response.text
    assert phone.get("/manage/").status_code == 302
    assert laptop.get("/manage/").status_code == 302
    db.session.refresh(user)
    assert user.session_version == 1
    login(phone, user.email)  # a new login works
    assert phone.get("/manage/").status_code == 200


def test_log_out_everywhere_needs_a_login_and_a_form_token(app):
    client = app.test_client()
    response = client.post("/logout/everywhere")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_log_out_everywhere_refuses_a_forged_post(app):
    user = make_user()
    client = app.test_client()
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/logout/everywhere").status_code == 400  # no token: a forgery
    db.session.refresh(user)
    assert user.session_version == 0


def test_remember_me_lasts_30_days_by_default(app):
    user = make_user()
    client = app.test_client()
    _remember_login(client, user)
    cookie = client.get_cookie("remember_token", domain=DOMAIN)
    lifetime = cookie.expires - utcnow()
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)


def test_the_server_refuses_a_login_older_than_30_days(app):
    user = make_user(chapter=make_chapter())
    client = app.test_client()
    _remember_login(client, user)
    cookie = client.get_cookie("remember_token", domain=DOMAIN).value
    with time_machine.travel(utcnow() + timedelta(days=31)):
        old = app.test_client()
        old.set_cookie("remember_token", cookie, domain=DOMAIN)  # a cookie kept past expiry
        assert old.get("/manage/").status_code == 302
    with time_machine.travel(utcnow() + timedelta(days=29)):
        recent = app.test_client()
        recent.set_cookie("remember_token", cookie, domain=DOMAIN)
        assert recent.get("/manage/").status_code == 200


@pytest.mark.app_config(REMEMBER_DAYS=7)
def test_the_remember_period_is_configurable(app):
    user = make_user()
    client = app.test_client()
    _remember_login(client, user)
    cookie = client.get_cookie("remember_token", domain=DOMAIN)
    assert cookie.expires - utcnow() <= timedelta(days=7)


@pytest.mark.parametrize("value", ["1", "1:0", "x:0:ab:1", "1:0:ab:1:extra", "1:zz:ab:1"])
def test_malformed_session_ids_log_nobody_in(app, value):
    from eventsite.auth.services import user_for_session

    make_user()
    assert user_for_session(value) is None
