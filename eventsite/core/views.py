"""Liveness and the language switch."""

from flask import Blueprint, current_app, jsonify, redirect, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from eventsite.core.i18n import COOKIE, LANGUAGES
from eventsite.extensions import db
from eventsite.security import safe_next

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")


@bp.get("/language")
def set_language():
    """Remember the language chosen in the footer, then go back.

    A plain link rather than a form: choosing a language changes nothing worth
    forging, and public pages without a form token can be cached.
    """
    response = redirect(safe_next(request.args.get("next"), url_for("events.index")))
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        response.set_cookie(
            COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            # Like every cookie of ours: never sent in clear once the site is on HTTPS.
            secure=request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
