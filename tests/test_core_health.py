from datetime import timedelta

import pytest
import time_machine

from eventsite.extensions import db, utcnow
from eventsite.mail.outbox import compose, enqueue
from tests.helpers import make_test_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "broker": "embedded",
        "oldest_pending_mail_seconds": None,
    }


@pytest.mark.dates
@pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])
def test_healthz_reports_how_long_the_oldest_unsent_mail_has_waited(app, client):
    with time_machine.travel(utcnow() - timedelta(minutes=7), tick=False):
        enqueue(compose(to="kit@example.org", subject="Hi", text="Hi", html="Hi"), "test")
        db.session.commit()
    waited = client.get("/healthz").json["oldest_pending_mail_seconds"]
    assert 7 * 60 <= waited < 7 * 60 + 30


@pytest.mark.app_config(CELERY_BROKER_URL="redis://127.0.0.1:1/9")
def test_healthz_says_degraded_when_the_broker_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200  # the site works; mail waits in the outbox
    assert response.json["status"] == "degraded"
    assert response.json["broker"] == "unreachable"


def test_healthz_503_when_the_database_is_gone(tmp_path, monkeypatch):
    # A PostgreSQL server that does not answer, as when the database host is down.
    app = make_test_app(
        tmp_path, monkeypatch, "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
