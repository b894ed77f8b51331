"""Liveness and the language switch."""

from flask import Blueprint, current_app, jsonify, redirect, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from eventsite.core.i18n import COOKIE, LANGUAGES
from eventsite.core.tasks import broker_status
from eventsite.extensions import db
from eventsite.mail.outbox import oldest_pending_age
from eventsite.security import safe_next

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness for the load balancer, and what a monitor watches (see docs/operations.md).

    503 only when the database is unreachable; a broker that is down leaves the site
    working (mail waits in the outbox), so it says "degraded" with a 200.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    try:
        waited = oldest_pending_age()
    except SQLAlchemyError:  # reachable, but not migrated yet
        db.session.rollback()
        waited = None
    broker = broker_status(current_app)
    return jsonify(
        status="degraded" if broker == "unreachable" else "ok",
        database="ok",
        broker=broker,
        oldest_pending_mail_seconds=None if waited is None else int(waited.total_seconds()),
    )


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
