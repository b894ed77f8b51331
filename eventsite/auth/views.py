"""Log in, log out, accept an invitation."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from eventsite.auth import services
from eventsite.auth.forms import AcceptInviteForm, LoginForm
from eventsite.auth.models import User
from eventsite.core.forms import EmptyForm
from eventsite.core.templating import role_label
from eventsite.errors import DomainError
from eventsite.extensions import db, login_manager
from eventsite.security import safe_next

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def next_page() -> str:
    return safe_next(request.args.get("next"), url_for("chapters.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(next_page())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
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
        account = {} if existing else {"name": form.name.data, "password": form.password.data}
        try:
            user = services.accept_invitation(invitation, user=existing, **account)
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
