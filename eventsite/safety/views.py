"""The public letter-check page. The draft lives only in this request: no session, no log."""

from flask import Blueprint, make_response, render_template
from flask_babel import get_locale

from eventsite.core.forms import required
from eventsite.extensions import limit
from eventsite.safety import checker
from eventsite.safety.forms import LetterCheckForm
from eventsite.safety.topics import topics

bp = Blueprint("safety", __name__)


@bp.route("/letter-check", methods=["GET", "POST"])
@limit("letter_check")
def letter_check():
    form = LetterCheckForm()
    report = checker.check(required(form.text.data)) if form.validate_on_submit() else None
    lang = "ru" if str(get_locale() or "en") == "ru" else "en"
    response = make_response(
        render_template(
            "safety/letter_check.html",
            form=form,
            report=report,
            lang=lang,
            topics=topics(),
        )
    )
    # The draft is in the page: keep it out of the browser's and any proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response
