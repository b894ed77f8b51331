"""Log in, log out, accept an invitation, reset a password."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from eventsite.auth import mails, services
from eventsite.auth.forms import (
    AcceptInviteForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from eventsite.auth.labels import role_label
from eventsite.auth.models import Invitation, User
from eventsite.core.forms import EmptyForm, required
from eventsite.core.tasks import dispatch
from eventsite.errors import DomainError
from eventsite.extensions import db, limit, login_manager
from eventsite.security import safe_next

bp = Blueprint("auth", __name__)


@bp.app_context_processor
def _role_labels():
    return {"role_label": role_label}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Every request: the session must match the account's version, password and age."""
    return services.user_for_session(session_id)


def next_page() -> str:
    return safe_next(request.args.get("next"), url_for("chapters.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@limit("login")
def login():
    if current_user.is_authenticated:
        return redirect(next_page())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(required(form.email.data), required(form.password.data))
        if user is None:
            flash(_("That email and password do not match an account."), "error")
            return render_template("auth/login.html", form=form), 401
        login_user(user, remember=form.remember.data)
        return redirect(next_page())
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """End the session on the server: the cookie, or a copy of it, no longer works."""
    if EmptyForm().validate_on_submit():
        services.end_sessions(current_user)
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("events.index"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """End every session and remember-me cookie of the account, on every device."""
    if EmptyForm().validate_on_submit():
        services.end_sessions(current_user)
        logout_user()
        flash(_("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limit("password")
def accept_invite(token: str):
    invitation = services.find_invitation(token)
    if invitation is None:
        return render_template("auth/invite_invalid.html"), 404
    existing = services.find_user(invitation.email)
    form = EmptyForm() if existing else AcceptInviteForm()
    if existing and current_user.is_authenticated and current_user.id != existing.id:
        abort(404)
    if form.validate_on_submit():
        if existing and not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        try:
            user = _accept(invitation, existing, form)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return render_template("auth/invite_invalid.html"), 409
        if user.is_admin:
            # Site admins may join any chapter; its organizers are told, every time.
            mails.admin_joined(
                invitation.chapter,
                user,
                invitation.role,
                services.organizers_of(invitation.chapter_id, but=user),
            )
        db.session.commit()
        login_user(user)
        flash(
            _(
                "Welcome! You are now %(role)s of %(chapter)s.",
                role=role_label(invitation.role),
                chapter=invitation.chapter.name,
            ),
            "success",
        )
        return redirect(url_for("chapters.manage", slug=invitation.chapter.slug))
    return render_template(
        "auth/accept_invite.html", form=form, invitation=invitation, existing=existing
    )


def _accept(invitation: Invitation, existing: User | None, form: FlaskForm) -> User:
    """Create the account from the form (a new email), or join with the one the email has."""
    if isinstance(form, AcceptInviteForm):
        return services.accept_invitation(
            invitation, name=required(form.name.data), password=required(form.password.data)
        )
    return services.accept_invitation(invitation, user=existing)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limit("password")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same answer, and the same work before it, either way: this page must not
        # tell who has an account. The lookup and the mail happen in a worker (or here,
        # after the response).
        dispatch("auth.mail_reset_link", required(form.email.data), str(get_locale() or "en"))
        flash(
            _(
                "If an account uses that email, we have sent it a link to choose a new "
                "password. The link works for one hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limit("password")
def reset_password(token: str):
    user = services.user_for_reset(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(required(form.password.data))
        db.session.commit()
        login_user(user)
        flash(_("Your new password is set."), "success")
        return redirect(url_for("chapters.dashboard"))
    return render_template("auth/reset.html", form=form)
