from tests.helpers import make_test_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


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
