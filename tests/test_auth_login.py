import pytest

from tests.builders import PASSWORD, make_chapter, make_user
from tests.helpers import login


def test_login_and_logout(app, client):
    chapter = make_chapter(name="Letters from Riga")
    user = make_user(chapter=chapter)
    login(client, user.email)
    page = client.get("/manage/")
    assert "Letters from Riga" in page.text
    assert client.post("/logout").status_code == 302
    assert client.get("/manage/").status_code == 302  # back to the login page


def test_email_is_case_insensitive(app, client):
    user = make_user(email="olga@example.org")
    assert (
        client.post(
            "/login", data={"email": " OLGA@Example.org ", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert user.id


@pytest.mark.parametrize("email", ["olga@example.org", "nobody@example.org"])
def test_wrong_password_or_unknown_email_look_the_same(app, client, email):
    make_user(email="olga@example.org")
    response = client.post("/login", data={"email": email, "password": "wrong-password"})
    assert response.status_code == 401
    assert "That email and password do not match an account." in response.text
    assert client.get("/manage/").status_code == 302


def test_remember_me_sets_a_lasting_cookie(app, client):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token", domain="letters.test") is not None
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get_cookie("remember_token", domain="letters.test") is None


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/manage/", "/manage/"),
        ("https://evil.example/phish", "/manage/"),
        ("//evil.example/", "/manage/"),
        ("/\\evil.example", "/manage/"),
        ("javascript:alert(1)", "/manage/"),
    ],
)
def test_next_redirect_stays_on_this_site(app, client, next_url, expected):
    user = make_user()
    response = client.post(
        "/login", query_string={"next": next_url}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == expected


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_without_csrf_token_are_refused(app, client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form could not be sent" in response.text
    assert client.get("/manage/").status_code == 302  # still not logged in


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_with_the_csrf_token_are_accepted(app, client):
    import re

    user = make_user()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302


def test_every_post_form_in_templates_carries_a_csrf_token():
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent / "templates"
    missing = []
    for path in root.rglob("*.html"):
        for form in re.findall(
            r"<form[^>]*method=\"post\".*?</form>", path.read_text(), re.S | re.I
        ):
            if "csrf_field(" not in form:  # the one helper for the token field
                missing.append(str(path.relative_to(root)))
    assert not missing
