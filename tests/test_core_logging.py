"""Log lines on stdout: one per failed request and per mail attempt, never personal data."""

import logging
import re

import pytest

from eventsite.auth import services as auth
from eventsite.mail.outbox import deliver_due
from tests.builders import make_event, make_user
from tests.helpers import sign_up_and_confirm
from tests.smtp import SMTPServer

NAME, EMAIL, NOTE = "Zinaida Quux", "zq.private@example.org", "Ring twice, flat 4"


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3)
    server.start()
    yield server
    server.stop()


def sign_up(client, event, name=NAME, email=EMAIL) -> str:
    # The sign-up is processed and mailed once the answer is sent; then the emailed link.
    location = sign_up_and_confirm(client, event, name=name, email=email, note=NOTE)
    return location.rsplit("/", 1)[-1]


def test_a_journey_logs_mail_attempts_and_errors_without_personal_data(app, client, smtp, capsys):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 as in production

    @app.get("/boom/<token>")
    def boom(token):
        raise ValueError(f"cannot seat {EMAIL} ({NAME}) with {token}")

    organizer = make_user(name="Olga Organizer", email="olga.org@example.org")
    event = make_event(title="Open letters")
    rsvp_token = sign_up(client, event)
    smtp.stop()
    sign_up(client, event, name="Second Person", email="second.person@example.org")
    smtp.start()
    reset_token = auth.password_reset_token(organizer)
    client.post("/password/forgot", data={"email": organizer.email}).close()
    assert client.get(f"/boom/{rsvp_token}").status_code == 500

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [
        line
        for line in lines
        if re.search(r"Mail \d+ [\d.]+ \(rsvp_confirmed\) sent, attempt 1$", line)
    ]
    assert [line for line in lines if "(rsvp_confirmed) not sent, attempt 1, retry at" in line]
    assert [line for line in lines if "(password_reset) sent" in line]
    (error,) = [line for line in lines if " 500 " in line]
    assert "ERROR eventsite.requests: 500 GET /boom/<token>: ValueError at" in error
    assert "test_core_logging.py" in error
    for secret in (
        EMAIL,
        NAME,
        NOTE,
        "second.person@example.org",
        "Second Person",
        "olga.org@example.org",
        "Olga Organizer",
        rsvp_token,
        reset_token,
        "@example.org",
    ):
        assert secret not in out, secret


@pytest.mark.app_config(LOG_LEVEL="warning")
def test_log_level_comes_from_the_configuration(app, client, smtp, capsys):
    sign_up(client, make_event())
    assert logging.getLogger("eventsite").level == logging.WARNING
    assert "sent" not in capsys.readouterr().out


def test_tracebacks_keep_the_place_and_drop_the_message(app, capsys):
    value = EMAIL
    try:
        int(value)
    except ValueError:
        logging.getLogger("eventsite.test").exception("Delivering mail failed for %s", value)
    out = capsys.readouterr().out
    assert "Delivering mail failed for <address>" in out
    assert "test_core_logging.py" in out and "ValueError (message left out)" in out
    assert EMAIL not in out and "invalid literal" not in out


def test_deliver_due_without_anything_due_logs_nothing(app, capsys):
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert capsys.readouterr().out == ""
