"""Organizers manage members and invitations; every change goes to the chapter's audit log."""

import re
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from eventsite.audit.models import AuditAction, AuditEntry
from eventsite.auth import services as auth
from eventsite.auth.models import Membership, Role
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from tests.builders import PASSWORD, make_chapter, make_user
from tests.helpers import login


def _membership(user, chapter) -> Membership:
    db.session.expire_all()
    return db.session.scalar(
        db.select(Membership).where(
            Membership.user_id == user.id, Membership.chapter_id == chapter.id
        )
    )


def _actions(chapter) -> list[AuditAction]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(AuditEntry.action)
        .where(AuditEntry.chapter_id == chapter.id)
        .order_by(AuditEntry.id)
    ).all()


@pytest.fixture
def team(app, client):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER, name="Olga Organizer")
    host = make_user(chapter=chapter, role=Role.HOST, name="Hans Host")
    login(client, organizer.email)
    return chapter, organizer, host


def test_organizers_see_members_and_pending_invitations(app, client, team):
    chapter, organizer, host = team
    auth.invite(chapter, "pending@example.org", Role.HOST, organizer, 24)
    db.session.commit()
    page = client.get(f"/manage/c/{chapter.slug}/members")
    assert page.status_code == 200
    for text in ("Olga Organizer", "Hans Host", host.email, "pending@example.org"):
        assert text in page.text
    assert "the only organizer" in page.text  # no buttons to demote or remove Olga


def test_change_a_role_and_the_log_says_who_did_it(app, client, team):
    chapter, organizer, host = team
    membership = _membership(host, chapter)
    client.post(
        f"/manage/c/{chapter.slug}/members/{membership.id}/role", data={"role": "organizer"}
    )
    assert _membership(host, chapter).role == Role.ORGANIZER
    entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == AuditAction.MEMBER_ROLE_CHANGED
    assert (entry.actor_id, entry.member_id) == (organizer.id, host.id)
    assert entry.subject == "host → organizer"
    log = client.get(f"/manage/c/{chapter.slug}/audit").text
    assert "changed a member" in log and "Hans Host" in log


def test_the_last_organizer_can_neither_be_demoted_nor_removed(app, client, team):
    chapter, organizer, _host = team
    own = _membership(organizer, chapter)
    page = client.post(
        f"/manage/c/{chapter.slug}/members/{own.id}/role",
        data={"role": "host"},
        follow_redirects=True,
    )
    assert "at least one organizer" in page.text
    client.post(f"/manage/c/{chapter.slug}/members/{own.id}/remove")
    assert _membership(organizer, chapter).role == Role.ORGANIZER


def test_a_removed_member_loses_access_at_once(app, client, team):
    chapter, _organizer, host = team
    hosts_browser = app.test_client()
    login(hosts_browser, host.email)
    assert hosts_browser.get(f"/manage/c/{chapter.slug}/").status_code == 200
    membership = _membership(host, chapter)
    client.post(f"/manage/c/{chapter.slug}/members/{membership.id}/remove")
    assert _membership(host, chapter) is None
    assert hosts_browser.get(f"/manage/c/{chapter.slug}/").status_code == 404
    assert hosts_browser.get(f"/manage/c/{chapter.slug}/events").status_code == 404
    assert AuditAction.MEMBER_REMOVED in _actions(chapter)


def test_revoking_an_invitation_kills_its_link(app, client, team):
    chapter, organizer, _host = team
    invitation, token = auth.invite(chapter, "late@example.org", Role.HOST, organizer, 24)
    db.session.commit()
    client.post(f"/manage/c/{chapter.slug}/invitations/{invitation.id}/revoke")
    assert app.test_client().get(f"/invite/{token}").status_code == 404
    assert "late@example.org" not in client.get(f"/manage/c/{chapter.slug}/members").text
    assert _actions(chapter)[-2:] == [AuditAction.INVITATION_SENT, AuditAction.INVITATION_REVOKED]


def test_hosts_cannot_manage_members(app, team):
    chapter, organizer, host = team
    client = app.test_client()
    login(client, host.email)
    own = _membership(organizer, chapter)
    assert client.get(f"/manage/c/{chapter.slug}/members").status_code == 404
    assert client.post(f"/manage/c/{chapter.slug}/members/{own.id}/remove").status_code == 404
    assert client.get(f"/manage/c/{chapter.slug}/audit").status_code == 404
    assert _membership(organizer, chapter) is not None


def test_an_organizer_cannot_touch_another_chapters_members(app, client, team):
    chapter, _organizer, _host = team
    elsewhere = make_chapter()
    stranger = make_user(chapter=elsewhere, role=Role.HOST)
    make_user(chapter=elsewhere, role=Role.ORGANIZER)
    theirs = _membership(stranger, elsewhere)
    invitation, _token = auth.invite(elsewhere, "x@example.org", Role.HOST, None, 24)
    db.session.commit()
    # Through our own chapter's address: the ids belong to another chapter.
    client.post(f"/manage/c/{chapter.slug}/members/{theirs.id}/remove")
    client.post(f"/manage/c/{chapter.slug}/members/{theirs.id}/role", data={"role": "organizer"})
    client.post(f"/manage/c/{chapter.slug}/invitations/{invitation.id}/revoke")
    # Through theirs: 404.
    assert client.post(f"/manage/c/{elsewhere.slug}/members/{theirs.id}/remove").status_code == 404
    assert _membership(stranger, elsewhere).role == Role.HOST
    db.session.refresh(invitation)
    assert invitation.is_usable(invitation.created_at)


@pytest.mark.slow
@pytest.mark.app_config(SERVER_NAME=None)
def test_two_organizers_demoting_each_other_at_once_leave_one(app):
    from tests.livesrv import live_server

    for _round in range(5):
        chapter = make_chapter()
        first = make_user(chapter=chapter, role=Role.ORGANIZER)
        second = make_user(chapter=chapter, role=Role.ORGANIZER)
        # Plain values: the threads below have no database session of their own.
        pairs = [
            (first.email, _membership(second, chapter).id),
            (second.email, _membership(first, chapter).id),
        ]
        with live_server(app) as base:
            start = threading.Barrier(2, timeout=30)

            def demote(email, membership_id, base=base, start=start, slug=chapter.slug):
                import http.client

                url = urllib.parse.urlsplit(base)
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
                body = urllib.parse.urlencode({"email": email, "password": PASSWORD})
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                conn.request("POST", "/login", body, headers)
                response = conn.getresponse()
                response.read()
                cookie = response.getheader("Set-Cookie").split(";")[0]
                start.wait()
                conn.request(
                    "POST",
                    f"/manage/c/{slug}/members/{membership_id}/role",
                    "role=host",
                    {**headers, "Cookie": cookie},
                )
                status = conn.getresponse().status
                conn.close()
                return status

            with ThreadPoolExecutor(2) as pool:
                statuses = list(pool.map(lambda pair: demote(*pair), pairs))
        # Whoever comes second is either refused (the last organizer) or, demoted already,
        # no longer an organizer at all (404): never both demoted.
        assert 302 in statuses and set(statuses) <= {302, 404}, statuses
        db.session.expire_all()
        roles = db.session.scalars(
            db.select(Membership.role).where(Membership.chapter_id == chapter.id)
        ).all()
        assert sorted(roles) == [Role.HOST, Role.ORGANIZER], roles


def test_organizers_are_emailed_when_a_site_admin_joins(app, team):
    chapter, organizer, _host = team
    second = make_user(chapter=chapter, role=Role.ORGANIZER)
    admin = make_user(is_admin=True, name="Ada Admin")
    _invitation, token = auth.invite(chapter, admin.email, Role.ORGANIZER, admin, 24)
    db.session.commit()
    client = app.test_client()
    login(client, admin.email)
    assert client.post(f"/invite/{token}").status_code == 302
    rows = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == "admin_joined")
    ).all()
    assert sorted(r.to_addr for r in rows) == sorted([organizer.email, second.email])
    text = rows[0].raw.decode("utf-8", "replace").replace("=\r\n", "")
    assert "Ada Admin" in text and f"http://letters.test/manage/c/{chapter.slug}/members" in text
    joined = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == AuditAction.MEMBER_JOINED)
    ).one()
    assert joined.member_id == admin.id and "site admin" in joined.subject


def test_an_ordinary_member_joining_emails_nobody(app, team):
    chapter, organizer, _host = team
    _invitation, token = auth.invite(chapter, "new@example.org", Role.HOST, organizer, 24)
    db.session.commit()
    data = {"name": "New", "password": "long-password-1", "confirm": "long-password-1"}
    assert app.test_client().post(f"/invite/{token}", data=data).status_code == 302
    assert (
        db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "admin_joined"))
        is None
    )
    assert AuditAction.MEMBER_JOINED in _actions(chapter)


def test_an_organizer_who_leaves_goes_back_to_the_dashboard(app, client, team):
    chapter, organizer, host = team
    client.post(
        f"/manage/c/{chapter.slug}/members/{_membership(host, chapter).id}/role",
        data={"role": "organizer"},
    )
    response = client.post(
        f"/manage/c/{chapter.slug}/members/{_membership(organizer, chapter).id}/remove"
    )
    assert response.headers["Location"] == "/manage/"
    assert re.search("Removed from the chapter", client.get("/manage/").text)
    assert client.get(f"/manage/c/{chapter.slug}/").status_code == 404
