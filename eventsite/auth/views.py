"""Log in, log out, accept an invitation, reset a password."""

import hmac

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
from eventsite.errors import DomainError
from eventsite.extensions import db, limit, login_manager
from eventsite.security import safe_next

bp = Blueprint("auth", __name__)


@bp.app_context_processor
def _role_labels():
    return {"role_label": role_label}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _sep, fingerprint = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not hmac.compare_digest(user.password_fingerprint(), fingerprint):
        return None  # unknown, or the password changed since this session began
    return user


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
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("events.index"))


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
        user = services.find_user(required(form.email.data))
        if user is not None:
            token = services.password_reset_token(user)
            link = url_for("auth.reset_password", token=token, _external=True)
            mails.password_reset(user, link, language=str(get_locale() or "en"))
            db.session.commit()
        # The same answer either way: this page must not tell who has an account.
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
