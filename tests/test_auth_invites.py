from datetime import timedelta

import pytest

from eventsite.auth import services
from eventsite.auth.models import Invitation, Role, User
from eventsite.extensions import db, utcnow
from tests.builders import make_chapter, make_user
from tests.helpers import login


def _invite_link(client, chapter, email, role="host"):
    page = client.post(f"/manage/c/{chapter.slug}/invite", data={"email": email, "role": role})
    assert page.status_code == 200, page.text
    import re

    return re.search(r'value="(http://letters.test/invite/[^"]+)"', page.text).group(1)


def test_organizer_invites_a_host_who_sets_a_password(app, client):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    login(client, organizer.email)
    link = _invite_link(client, chapter, "New.Host@example.org")
    client.post("/logout")

    form = client.get(link)
    assert "new.host@example.org" in form.text
    response = client.post(
        link, data={"name": "Nina", "password": "long-password-1", "confirm": "long-password-1"}
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "new.host@example.org"))
    assert user.role_in(chapter.id) == Role.HOST
    assert client.get(f"/manage/c/{chapter.slug}/").status_code == 200


def test_invite_link_works_once(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter).email)
    link = _invite_link(client, chapter, "once@example.org")
    client.post("/logout")
    data = {"name": "Once", "password": "long-password-1", "confirm": "long-password-1"}
    assert client.post(link, data=data).status_code == 302
    client.post("/logout")
    again = app.test_client().post(link, data=data)
    assert again.status_code == 404
    assert "does not work" in again.text


def test_invitation_cannot_be_accepted_twice_by_the_service(app):
    chapter = make_chapter()
    invitation, _token = services.invite(chapter, "x@example.org", Role.HOST, None, 24)
    services.accept_invitation(invitation, name="X", password="long-password-1")
    db.session.commit()
    with pytest.raises(Exception, match="already been used"):
        services.accept_invitation(invitation, name="Y", password="long-password-2")


@pytest.mark.dates
def test_expired_invite_link_is_refused(app, client):
    chapter = make_chapter()
    invitation, token = services.invite(chapter, "late@example.org", Role.HOST, None, 24)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/invite/{token}").status_code == 404
    response = client.post(
        f"/invite/{token}",
        data={"name": "Late", "password": "long-password-1", "confirm": "long-password-1"},
    )
    assert response.status_code == 404
    assert db.session.scalar(db.select(User).where(User.email == "late@example.org")) is None


def test_only_a_hash_of_the_invite_token_is_stored(app):
    chapter = make_chapter()
    _invitation, token = services.invite(chapter, "h@example.org", Role.HOST, None, 24)
    db.session.commit()
    stored = db.session.scalars(db.select(Invitation.token_hash)).all()
    assert token not in stored
    assert len(token) >= 43  # 256 bits in URL-safe base64


def test_existing_user_joins_a_second_chapter_by_logging_in(app, client):
    first, second = make_chapter(), make_chapter()
    user = make_user(chapter=first, role=Role.HOST)
    _invitation, token = services.invite(second, user.email, Role.ORGANIZER, None, 24)
    db.session.commit()
    assert client.post(f"/invite/{token}").headers["Location"].startswith("/login")
    login(client, user.email)
    assert client.post(f"/invite/{token}").status_code == 302
    db.session.refresh(user)
    assert user.role_in(second.id) == Role.ORGANIZER
    assert user.role_in(first.id) == Role.HOST


def test_hosts_cannot_invite_or_change_settings(app, client):
    chapter = make_chapter()
    host = make_user(chapter=chapter, role=Role.HOST)
    login(client, host.email)
    assert client.get(f"/manage/c/{chapter.slug}/").status_code == 200
    assert (
        client.post(
            f"/manage/c/{chapter.slug}/invite", data={"email": "a@example.org", "role": "organizer"}
        ).status_code
        == 404
    )
    assert client.get(f"/manage/c/{chapter.slug}/settings").status_code == 404
    assert db.session.scalar(db.select(Invitation)) is None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/manage/c/{slug}/"),
        ("get", "/manage/c/{slug}/settings"),
        ("post", "/manage/c/{slug}/settings"),
        ("post", "/manage/c/{slug}/invite"),
    ],
)
def test_other_chapters_pages_are_404(app, client, method, path):
    mine, theirs = make_chapter(), make_chapter(name="Secret chapter")
    login(client, make_user(chapter=mine, role=Role.ORGANIZER).email)
    response = getattr(client, method)(
        path.format(slug=theirs.slug), data={"email": "a@example.org", "role": "organizer"}
    )
    assert response.status_code == 404
    assert "Secret chapter" not in response.text
    # and a chapter that does not exist looks exactly the same
    missing = getattr(client, method)(path.format(slug="no-such-chapter"))
    assert missing.status_code == 404


def test_admin_creates_a_chapter_and_invites_its_organizer(app, client):
    admin = make_user(is_admin=True)
    login(client, admin.email)
    response = client.post(
        "/admin/chapters",
        data={
            "slug": "riga",
            "name": "Riga letters",
            "city": "Riga",
            "timezone": "Europe/Riga",
            "postal_delay_days": "20",
            "paper_size": "a4",
        },
    )
    assert response.headers["Location"] == "/admin/chapters/riga"
    page = client.post(
        "/admin/chapters/riga", data={"email": "boss@example.org", "role": "organizer"}
    )
    assert "/invite/" in page.text
    duplicate = client.post(
        "/admin/chapters",
        data={
            "slug": "riga",
            "name": "Again",
            "timezone": "Europe/Riga",
            "postal_delay_days": "20",
            "paper_size": "a4",
        },
    )
    assert duplicate.status_code == 200
    assert "is taken" in duplicate.text


@pytest.mark.parametrize("slug", ["Riga", "riga letters", "-riga", "рига"])
def test_bad_chapter_slugs_are_refused(app, client, slug):
    login(client, make_user(is_admin=True).email)
    response = client.post(
        "/admin/chapters",
        data={
            "slug": slug,
            "name": "R",
            "timezone": "Europe/Riga",
            "postal_delay_days": "20",
            "paper_size": "a4",
        },
    )
    assert response.status_code == 200
    assert "lowercase" in response.text


def test_admin_pages_are_404_for_organizers(app, client):
    login(client, make_user(chapter=make_chapter()).email)
    assert client.get("/admin/chapters").status_code == 404
