"""The chapter's audit log, for its organizers."""

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from eventsite.audit import services
from eventsite.audit.models import AuditAction
from eventsite.auth.access import chapter_role_required
from eventsite.auth.models import Role
from eventsite.chapters.models import Chapter
from eventsite.core.pagination import page_number
from eventsite.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/manage")

PER_PAGE = 50
ACTION_LABELS = {
    AuditAction.MEMBER_JOINED: _l("joined the chapter"),
    AuditAction.MEMBER_ROLE_CHANGED: _l("changed a member's role"),
    AuditAction.MEMBER_REMOVED: _l("removed a member"),
    AuditAction.INVITATION_SENT: _l("sent an invitation"),
    AuditAction.INVITATION_REVOKED: _l("revoked an invitation"),
    AuditAction.ATTENDEES_VIEWED: _l("viewed the attendee list"),
    AuditAction.ATTENDEES_EXPORTED: _l("exported the attendee list"),
    AuditAction.ATTENDEES_PURGED: _l("deleted attendee data"),
    AuditAction.NAMES_PRINTED: _l("printed a document with attendee names"),
    AuditAction.DRAFT_DELETED: _l("deleted a draft evening"),
    AuditAction.SIGNUP_ADDED: _l("added a person by hand"),
    AuditAction.SIGNUP_EDITED: _l("corrected a sign-up"),
    AuditAction.SIGNUP_PROMOTED: _l("gave a seat to someone on the waitlist"),
    AuditAction.SIGNUP_CANCELLED: _l("cancelled a sign-up"),
    AuditAction.SIGNUP_REMOVED: _l("removed a sign-up (spam or troll)"),
    AuditAction.SIGNUP_NO_SHOW: _l("marked a sign-up as a no-show"),
    AuditAction.SIGNUP_NO_SHOW_UNDONE: _l("took back a no-show"),
    AuditAction.MESSAGE_SENT: _l("wrote to the attendees"),
}


@bp.get("/c/<slug>/audit")
@chapter_role_required(Role.ORGANIZER)
def log(chapter: Chapter):
    page = db.paginate(
        services.entries_query(chapter.id),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("audit/log.html", chapter=chapter, page=page, labels=ACTION_LABELS)
