from sqlalchemy import func, select

from eventsite import models
from eventsite.extensions import db


def _counts():
    return {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in vars(models).items()
        if isinstance(model, type) and hasattr(model, "__table__")
    }


def test_seed_demo_is_idempotent(app, runner, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    assert counts["Chapter"] >= 1
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert _counts() == counts

    response = client.post(
        "/login", data={"email": "organizer@example.org", "password": "demo-organizer"}
    )
    assert response.status_code == 302
    assert "Letters from Berlin" in client.get("/manage/").text


def test_seed_demo_if_empty_leaves_a_used_database_alone(app, runner):
    from tests.builders import make_chapter

    make_chapter()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert _counts()["Chapter"] == 1


def test_create_admin_reads_the_password_from_env(app, runner, monkeypatch, client):
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    result = runner.invoke(args=["create-admin", "Root@Example.org"])
    assert result.exit_code == 0, result.output
    client.post("/login", data={"email": "root@example.org", "password": "admin-password-1"})
    assert client.get("/admin/chapters").status_code == 200
    again = runner.invoke(args=["create-admin", "root@example.org"])
    assert again.exit_code != 0
    assert "already exists" in again.output
