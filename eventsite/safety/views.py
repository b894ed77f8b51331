"""The public letter-check page. The draft lives only in this request: no session, no log."""

from functools import wraps

from flask import Blueprint, abort, current_app, make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from eventsite.core.forms import required
from eventsite.extensions import db, limit
from eventsite.prisoners.access import is_reader
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.safety import checker, rules
from eventsite.safety.forms import LetterCheckForm
from eventsite.safety.prisoner import facts_from_record

bp = Blueprint("safety", __name__)


def visible_prisoner(view):
    """Load `?prisoner=<id>` if the viewer may see that prisoner, else answer 404.

    Anyone sees the prisoners of the public directory (active ones, when it is on);
    chapter members see every prisoner of the shared directory, as on its own pages.
    """

    @wraps(view)
    def wrapped(**kwargs):
        raw = request.args.get("prisoner")
        prisoner = None
        if raw is not None:
            if not raw.isdigit() or len(raw) > 12:
                abort(404)
            prisoner = db.session.get(Prisoner, int(raw))
            public = current_app.config["PUBLIC_DIRECTORY"] and (
                prisoner is not None and prisoner.status == PrisonerStatus.ACTIVE
            )
            if prisoner is None or not (public or is_reader(current_user)):
                abort(404)
        return view(prisoner=prisoner, **kwargs)

    return wrapped


@bp.route("/letter-check", methods=["GET", "POST"])
@limit("letter_check")
@visible_prisoner  # public; ?prisoner= only for prisoners the viewer may see
def letter_check(prisoner: Prisoner | None):
    form = LetterCheckForm()
    # Members see tags and custody on the directory's own pages; the public sees only
    # what the public directory shows, so the facts are built from that alone.
    facts = facts_from_record(prisoner, private=is_reader(current_user)) if prisoner else None
    report = checker.check(required(form.text.data), facts) if form.validate_on_submit() else None
    lang = "ru" if str(get_locale() or "en") == "ru" else "en"
    response = make_response(
        render_template(
            "safety/letter_check.html",
            form=form,
            report=report,
            lang=lang,
            topics=rules.topics(),
            sources=rules.sources(),
            prisoner=prisoner,
            facts=facts,
        )
    )
    # The draft is in the page: keep it out of the browser's and any proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response
