"""Password reset by email link: works once, expires, and never says who has an account."""

import re
from email import message_from_bytes, policy

import pytest

from eventsite.auth import services
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from tests.builders import make_user
from tests.helpers import login


def _link_from_outbox() -> str:
    raw = db.session.scalars(db.select(OutboxMessage.raw)).all()[-1]
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://letters\.test(/password/reset/[\w.-]+)", text).group(1)


@pytest.fixture(autouse=True)
def _keep_mail_in_outbox(app):
    app.config["TASKS_EMBEDDED_SKIP"] = ["mail.deliver"]


def test_reset_flow(app, client):
    user = make_user(email="olga@example.org")
    page = client.post(
        "/password/forgot", data={"email": "OLGA@example.org"}, follow_redirects=True
    )
    assert "If an account uses that email" in page.text
    link = _link_from_outbox()
    assert (
        client.post(
            link, data={"password": "brand-new-pass", "confirm": "brand-new-pass"}
        ).status_code
        == 302
    )
    client.post("/logout")
    login(client, user.email, "brand-new-pass")
    # used once: the password changed, so the link is dead
    assert client.get(link).status_code == 404


def test_unknown_email_gets_the_same_answer_and_no_mail(app, client):
    page = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "If an account uses that email" in page.text
    assert db.session.scalar(db.select(OutboxMessage)) is None


@pytest.mark.parametrize("token", ["x", "eyJpZCI6MX0.bad.sig", "A" * 300])
def test_forged_tokens_are_refused(app, client, token):
    make_user()
    assert client.get(f"/password/reset/{token}").status_code == 404


def test_expired_token_is_refused(app):
    user = make_user()
    token = services.password_reset_token(user)
    assert services.user_for_reset(token, max_age=3600) == user
    assert services.user_for_reset(token, max_age=-1) is None


def test_passwords_are_hashed_with_scrypt(app):
    from eventsite.auth.services import create_user

    user = create_user("s@example.org", "S", "long-password-1")
    assert user.password_hash.startswith("scrypt:")
    assert "long-password-1" not in user.password_hash


def test_known_and_unknown_emails_get_the_same_answer_after_the_same_work(app):
    from tests.queries import count_queries

    make_user(email="known@example.org")
    seen = {}
    for email in ("known@example.org", "unknown@example.org"):
        client = app.test_client()
        with count_queries() as queries:
            response = client.post("/password/forgot", data={"email": email})
        body = client.get(response.headers["Location"]).text  # the flash, on the login page
        seen[email] = (response.status_code, response.headers["Location"], body, queries)
        response.close()  # now the lookup and the mail happen, after the answer
    assert seen["known@example.org"] == seen["unknown@example.org"]
    assert seen["known@example.org"][3] == []  # no database work before the answer
    assert db.session.scalars(db.select(OutboxMessage.kind)).all() == ["password_reset"]


def test_the_reset_link_comes_from_base_url_whatever_the_host_header(app, client):
    make_user(email="olga@example.org")
    response = client.post(
        "/password/forgot",
        data={"email": "olga@example.org"},
        headers={"Host": "attacker.example", "X-Forwarded-Host": "attacker.example"},
    )
    response.close()
    raw = db.session.scalar(db.select(OutboxMessage.raw))
    assert b"attacker.example" not in raw
    assert _link_from_outbox().startswith("/password/reset/")
