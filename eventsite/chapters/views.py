"""Chapter management (organizers, hosts) and chapter creation (site admins)."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventsite.auth import mails as auth_mails
from eventsite.auth import services as auth
from eventsite.auth.access import admin_required, chapter_role_required
from eventsite.auth.forms import InviteForm
from eventsite.auth.models import Membership, Role
from eventsite.chapters import services
from eventsite.chapters.forms import ChapterSettingsForm, NewChapterForm, RoleForm
from eventsite.chapters.models import Chapter
from eventsite.core.forms import EmptyForm, required
from eventsite.core.urls import absolute_url
from eventsite.errors import DomainError
from eventsite.extensions import db, limit

bp = Blueprint("chapters", __name__)


@bp.get("/manage/")
@login_required
def dashboard():
    return render_template("chapters/dashboard.html", chapters=auth.chapters_of(current_user))


@bp.get("/manage/c/<slug>/")
@chapter_role_required(Role.HOST)
def manage(chapter: Chapter):
    members = db.session.scalars(
        select(Membership)
        .where(Membership.chapter_id == chapter.id)
        .options(selectinload(Membership.user))
    ).all()
    return render_template(
        "chapters/manage.html",
        chapter=chapter,
        members=sorted(members, key=lambda m: m.user.name.lower()),
        invite_form=InviteForm(),
        is_organizer=auth.has_role(current_user, chapter.id, Role.ORGANIZER),
    )


@bp.route("/manage/c/<slug>/settings", methods=["GET", "POST"])
@chapter_role_required(Role.ORGANIZER)
def settings(chapter: Chapter):
    form = ChapterSettingsForm(obj=chapter)
    if form.validate_on_submit():
        services.update_chapter(chapter, **form.data)
        db.session.commit()
        flash(_("Chapter settings saved."), "success")
        return redirect(url_for("chapters.manage", slug=chapter.slug))
    return render_template("chapters/settings.html", chapter=chapter, form=form)


@bp.post("/manage/c/<slug>/invite")
@limit("invite")
@chapter_role_required(Role.ORGANIZER)
def invite(chapter: Chapter):
    form = InviteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "error")
        return redirect(url_for("chapters.manage", slug=chapter.slug))
    return _issue_invitation(chapter, form, back=url_for("chapters.manage", slug=chapter.slug))


def _issue_invitation(chapter: Chapter, form: InviteForm, back: str):
    invitation, token = auth.invite(
        chapter,
        required(form.email.data),
        Role(form.role.data),
        current_user,
        current_app.config["INVITE_TTL_HOURS"],
    )
    link = absolute_url("auth.accept_invite", token=token)
    auth_mails.invitation(invitation, link)
    db.session.commit()
    return render_template("chapters/invite_sent.html", invitation=invitation, link=link, back=back)


@bp.get("/manage/c/<slug>/members")
@chapter_role_required(Role.ORGANIZER)
def members(chapter: Chapter):
    people = services.members_of(chapter)
    return render_template(
        "chapters/members.html",
        chapter=chapter,
        members=people,
        invitations=services.pending_invitations(chapter),
        organizers=sum(1 for m in people if m.role == Role.ORGANIZER),
        role_form=RoleForm(formdata=None),
        invite_form=InviteForm(formdata=None),
    )


def _members_page(chapter: Chapter):
    return redirect(url_for("chapters.members", slug=chapter.slug))


def _apply(action, done: str) -> bool:
    """Run a membership service, commit and say so; flash its refusal instead."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    db.session.commit()
    flash(done, "success")
    return True


@bp.post("/manage/c/<slug>/members/<int:membership_id>/role")
@chapter_role_required(Role.ORGANIZER)
def change_role(chapter: Chapter, membership_id: int):
    form = RoleForm()
    if form.validate_on_submit():
        _apply(
            lambda: services.change_role(
                chapter, membership_id, Role(form.role.data), current_user
            ),
            _("Role changed."),
        )
    else:
        flash(_("Choose host or organizer."), "error")
    return _members_page(chapter)


@bp.post("/manage/c/<slug>/members/<int:membership_id>/remove")
@chapter_role_required(Role.ORGANIZER)
def remove_member(chapter: Chapter, membership_id: int):
    if EmptyForm().validate_on_submit():
        own = db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == current_user.id, Membership.chapter_id == chapter.id
            )
        )
        removed = _apply(
            lambda: services.remove_member(chapter, membership_id, current_user),
            _("Removed from the chapter. They no longer see any of its pages."),
        )
        if removed and own == membership_id:
            return redirect(url_for("chapters.dashboard"))
    return _members_page(chapter)


@bp.post("/manage/c/<slug>/invitations/<int:invitation_id>/revoke")
@chapter_role_required(Role.ORGANIZER)
def revoke_invitation(chapter: Chapter, invitation_id: int):
    if EmptyForm().validate_on_submit():
        _apply(
            lambda: services.revoke_invitation(chapter, invitation_id, current_user),
            _("Invitation revoked: its link no longer works."),
        )
    return _members_page(chapter)


@bp.route("/admin/chapters", methods=["GET", "POST"])
@admin_required
def admin_chapters():
    form = NewChapterForm()
    if form.validate_on_submit():
        fields = {k: v for k, v in form.data.items() if k not in ("slug", "csrf_token")}
        try:
            chapter = services.create_chapter(required(form.slug.data), **fields)
        except DomainError as error:
            form.slug.errors = [*form.slug.errors, error.message]
        else:
            db.session.commit()
            flash(
                _("Chapter “%(name)s” created. Now invite its first organizer.", name=chapter.name),
                "success",
            )
            return redirect(url_for("chapters.admin_chapter", slug=chapter.slug))
    chapters = db.session.scalars(select(Chapter).order_by(func.lower(Chapter.name))).all()
    return render_template("chapters/admin_list.html", chapters=chapters, form=form)


@bp.route("/admin/chapters/<slug>", methods=["GET", "POST"])
@limit("invite")
@admin_required
def admin_chapter(slug: str):
    chapter = db.first_or_404(select(Chapter).where(Chapter.slug == slug))
    form = InviteForm(role=Role.ORGANIZER.value)
    if form.validate_on_submit():
        back = url_for("chapters.admin_chapter", slug=chapter.slug)
        return _issue_invitation(chapter, form, back=back)
    organizers = db.session.scalars(
        select(Membership)
        .where(Membership.chapter_id == chapter.id, Membership.role == Role.ORGANIZER)
        .options(selectinload(Membership.user))
    ).all()
    return render_template(
        "chapters/admin_chapter.html", chapter=chapter, form=form, organizers=organizers
    )
