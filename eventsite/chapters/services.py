"""Creating and changing chapters; their members and invitations."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from eventsite.audit import services as audit
from eventsite.audit.models import AuditAction
from eventsite.auth.models import Invitation, Membership, Role
from eventsite.chapters.models import Chapter
from eventsite.errors import DomainError
from eventsite.extensions import db, utcnow

CHAPTER_FIELDS = (
    "name",
    "city",
    "timezone",
    "contact_email",
    "return_address",
    "postal_delay_days",
    "paper_size",
    "posts_from",
)


def create_chapter(slug: str, **fields) -> Chapter:
    """Create a chapter; the slug must be free."""
    if db.session.scalar(select(Chapter.id).where(Chapter.slug == slug)) is not None:
        raise DomainError(
            "slug_taken", _("The address /c/%(slug)s/ is taken. Choose another.", slug=slug)
        )
    chapter = Chapter(slug=slug)
    update_chapter(chapter, **fields)
    db.session.add(chapter)
    db.session.flush()
    return chapter


def update_chapter(chapter: Chapter, **fields) -> None:
    for name in CHAPTER_FIELDS:
        if name in fields:
            value = fields[name]
            if isinstance(value, str):
                value = value.strip() if name == "return_address" else " ".join(value.split())
            setattr(chapter, name, value)


def lock_chapter(chapter_id: int) -> None:
    """Serialise membership changes of a chapter (a row write, as rsvp.services.lock_event).

    Two organizers demoting each other at once must not leave the chapter without one.
    """
    db.session.execute(
        update(Chapter)
        .where(Chapter.id == chapter_id)
        .values(slug=Chapter.slug)
        .execution_options(synchronize_session=False)
    )


def members_of(chapter: Chapter) -> list[Membership]:
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.chapter_id == chapter.id)
        .options(selectinload(Membership.user))
    ).all()
    return sorted(rows, key=lambda m: (m.role != Role.ORGANIZER, m.user.name.lower()))


def pending_invitations(chapter: Chapter, now: datetime | None = None) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.chapter_id == chapter.id,
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > (now or utcnow()),
            )
            .options(selectinload(Invitation.invited_by))
            .order_by(Invitation.created_at)
        )
    )


def _membership(chapter: Chapter, membership_id: int) -> Membership:
    membership = db.session.scalar(
        select(Membership)
        .where(Membership.id == membership_id, Membership.chapter_id == chapter.id)
        .execution_options(populate_existing=True)
    )
    if membership is None:
        raise DomainError("not_found", _("That person is not a member of this chapter."))
    return membership


def _organizers(chapter_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Membership.chapter_id == chapter_id, Membership.role == Role.ORGANIZER
            )
        )
        or 0
    )


def _keep_an_organizer(membership: Membership) -> None:
    if membership.role == Role.ORGANIZER and _organizers(membership.chapter_id) <= 1:
        raise DomainError(
            "last_organizer",
            _("A chapter needs at least one organizer: make someone else one first."),
        )


def change_role(chapter: Chapter, membership_id: int, role: Role, actor) -> Membership:
    """Make a member an organizer or a host; the chapter keeps at least one organizer."""
    lock_chapter(chapter.id)
    membership = _membership(chapter, membership_id)
    before = membership.role
    if before == role:
        return membership
    _keep_an_organizer(membership)
    membership.role = role
    db.session.flush()
    audit.record(
        chapter.id,
        actor,
        AuditAction.MEMBER_ROLE_CHANGED,
        f"{before.value} → {role.value}",
        member=membership.user,
    )
    return membership


def remove_member(chapter: Chapter, membership_id: int, actor) -> None:
    """Take someone out of the chapter: their next request already finds no access."""
    lock_chapter(chapter.id)
    membership = _membership(chapter, membership_id)
    _keep_an_organizer(membership)
    user, role = membership.user, membership.role
    db.session.delete(membership)
    db.session.flush()
    audit.record(chapter.id, actor, AuditAction.MEMBER_REMOVED, f"was {role.value}", member=user)


def revoke_invitation(chapter: Chapter, invitation_id: int, actor, now=None) -> None:
    """Make an unused invitation link stop working now."""
    now = now or utcnow()
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id,
            Invitation.chapter_id == chapter.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
    )
    if invitation is None:
        raise DomainError("not_found", _("That invitation was already used, revoked or expired."))
    invitation.expires_at = now
    db.session.flush()
    audit.record(chapter.id, actor, AuditAction.INVITATION_REVOKED, audit.invitation(invitation))
