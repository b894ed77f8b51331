"""Accounts, roles and invitations as plain functions."""

import hmac
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.models import Invitation, Membership, Role, User
from eventsite.chapters.models import Chapter
from eventsite.core.urls import absolute_url
from eventsite.errors import DomainError
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.security import hash_token, new_token


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the user with this email and password, or None."""
    user = find_user(email)
    if user is None:
        User(password_hash=_dummy_hash()).check_password(password)
        return None
    return user if user.check_password(password) else None


@cache
def _dummy_hash() -> str:
    # Checked when no account matches, so a login for an unknown email costs as much
    # time as one for a known email and does not reveal which emails exist.
    return generate_password_hash("not a real password")


def create_user(email: str, name: str, password: str, *, is_admin: bool = False) -> User:
    """Create an account; the email must be new."""
    email = normalise_email(email)
    if find_user(email) is not None:
        raise DomainError("email_taken", _("An account with this email already exists."))
    user = User(email=email, name=name.strip(), is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user: User, chapter: Chapter, role: Role) -> Membership:
    """Give a user a role in a chapter, replacing any role they had there."""
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.chapter_id == chapter.id)
    )
    if membership is None:
        membership = Membership(user=user, chapter=chapter, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.flush()
    return membership


def has_role(user, chapter_id: int, needed: Role) -> bool:
    """Organizers can do everything hosts can."""
    if not getattr(user, "is_authenticated", False):
        return False
    role = user.role_in(chapter_id)
    if role is None:
        return False
    return role == Role.ORGANIZER or needed == Role.HOST


def invite(
    chapter: Chapter, email: str, role: Role, invited_by: User | None, ttl_hours: int
) -> tuple[Invitation, str]:
    """Create an invitation and return it with the secret token for its link."""
    token, token_hash = new_token()
    invitation = Invitation(
        chapter=chapter,
        email=normalise_email(email),
        role=role,
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=utcnow() + timedelta(hours=ttl_hours),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(chapter.id, invited_by, AuditAction.INVITATION_SENT, audit.invitation(invitation))
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """Return the invitation for a link token if it can still be used."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def accept_invitation(
    invitation: Invitation,
    *,
    user: User | None = None,
    name: str = "",
    password: str = "",
    now: datetime | None = None,
) -> User:
    """Use an invitation once: create the account if needed and grant the role."""
    now = now or utcnow()
    # The conditional update makes the link single-use even when two people click at once.
    used = changed_rows(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if used != 1:
        raise DomainError(
            "invite_used", _("This invitation link has already been used or expired.")
        )
    if user is None:
        user = find_user(invitation.email) or create_user(invitation.email, name, password)
    # An organizer who follows a host invitation stays an organizer.
    before = user.role_in(invitation.chapter_id)
    if before != Role.ORGANIZER:
        grant_role(user, invitation.chapter, invitation.role)
        audit.record(
            invitation.chapter_id,
            user,
            AuditAction.MEMBER_JOINED,
            f"invitation #{invitation.id} as {invitation.role.value}"
            + (" · site admin" if user.is_admin else ""),
            member=user,
        )
    return user


def organizers_of(chapter_id: int, but: User | None = None) -> list[User]:
    query = (
        select(User)
        .join(Membership)
        .where(Membership.chapter_id == chapter_id, Membership.role == Role.ORGANIZER)
        .order_by(User.id)
    )
    if but is not None:
        query = query.where(User.id != but.id)
    return list(db.session.scalars(query))


def chapters_of(user: User) -> list[Chapter]:
    """Return the chapters a user belongs to, by name."""
    return list(
        db.session.scalars(
            select(Chapter)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(func.lower(Chapter.name))
        )
    )


RESET_SALT = "password-reset"


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_reset_token(user: User) -> str:
    """A signed, expiring token that stops working once the password changes."""
    return _reset_serializer().dumps({"id": user.id, "h": user.password_fingerprint()})


def user_for_reset(token: str, max_age: int = 3600) -> User | None:
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("id")) if isinstance(data.get("id"), int) else None
    if user is None or not hmac.compare_digest(user.password_fingerprint(), str(data.get("h"))):
        return None
    return user


def user_for_session(value: str, now: datetime | None = None) -> User | None:
    """The user a session id belongs to, if it is still good; None ends the session."""
    parts = value.split(":")
    if len(parts) != 4 or not all(p.isascii() and p.isalnum() for p in parts):
        return None
    user_id, version, fingerprint, stamp = parts
    if not (user_id.isdigit() and version.isdigit() and stamp.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or int(version) != user.session_version:
        return None
    if not hmac.compare_digest(user.password_fingerprint(), fingerprint):
        return None  # the password changed since this session began
    age = (now or utcnow()).timestamp() - int(stamp)
    if not 0 <= age <= current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds():
        return None
    user.login_stamp = int(stamp)
    return user


def end_sessions(user: User) -> None:
    """End every session and remember-me cookie of the account, on every device."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def reset_link(email: str) -> tuple[User, str, bool]:
    """The account for a reset request, its link, and whether it is real.

    An unknown email gets a stand-in account and a link of the same making, so the
    caller can spend the same effort on both (see auth.views.forgot_password).
    """
    user = find_user(email)
    real = user is not None
    if user is None:
        user = User(id=0, email=normalise_email(email), name="", password_hash=_dummy_hash())
    return user, absolute_url("auth.reset_password", token=password_reset_token(user)), real
