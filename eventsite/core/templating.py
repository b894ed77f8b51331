"""Things every template can use."""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import Flask
from flask_babel import format_date, format_time, get_locale, get_translations, ngettext
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from eventsite.core.forms import EmptyForm
from eventsite.core.i18n import LANGUAGES
from eventsite.core.pagination import filter_args
from eventsite.core.urls import absolute_url
from eventsite.core.zones import zone_words


def local_datetime(moment: datetime, tz: str, fmt: str = "medium") -> str:
    """Format a UTC moment in a chapter's time zone and the page's language, to the minute."""
    locale = get_locale() or "en"
    local = moment.astimezone(ZoneInfo(tz))
    day = babel_dates.format_date(local, format=fmt, locale=locale)
    return f"{day}, {babel_dates.format_time(local, format='short', locale=locale)}"


def datetime_minutes(moment: datetime, fmt: str = "medium") -> str:
    """Flask-Babel's format_datetime (the user's zone) without seconds: "3 Dec 2026, 18:30"."""
    return f"{format_date(moment, fmt)}, {format_time(moment, 'short')}"


def evening_when(event) -> str:
    """Return e.g. "Thursday, 3 December 2026, 18:30–21:00" in the chapter's time zone."""
    return when_range(event.starts_at, event.ends_at, event.chapter.timezone)


def when_range(starts_at: datetime, ends_at: datetime, tz: str) -> str:
    """Like `evening_when`, for any start and end (e.g. an evening's old times)."""
    zone = ZoneInfo(tz)
    locale = get_locale() or "en"
    starts, ends = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = babel_dates.format_date(starts, format="full", locale=locale)
    start = babel_dates.format_time(starts, format="short", locale=locale)
    end = babel_dates.format_time(ends, format="short", locale=locale)
    if ends.date() != starts.date():
        end = babel_dates.format_datetime(ends, format="short", locale=locale)
    return f"{day}, {start}–{end}"


def format_month(day) -> str:
    """ "December 2026" / «декабрь 2026»: the month on its own, in the nominative."""
    return format_date(day, "LLLL yyyy")


def error_summary_title(count: int) -> str:
    """The heading of a failed form's error summary (macros in _macros/ are not extracted)."""
    return ngettext("Please correct %(num)d thing:", "Please correct %(num)d things:", count)


def button_form() -> EmptyForm:
    """Return a form for a button's CSRF token, without reading the request body.

    Reading it would fail again on the error page for a too-large request (413).
    """
    return EmptyForm(formdata=None)


def csrf_field(form) -> Markup:
    """The form's CSRF token field without an id: a page holds several forms (the logout
    button is on every page), and ids must be unique. Nothing when CSRF is switched off."""
    field = getattr(form, "csrf_token", None)
    return field(id=False) if field is not None else Markup("")


def _translations(context):
    # Set once per render by the context processor below; macros imported without the
    # context fall back to Flask-Babel's lookup.
    translations = context.get("babel_translations")
    return translations if translations is not None else get_translations()


@pass_context
def _gettext(context, string: str) -> str:
    return _translations(context).ugettext(string)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return _translations(context).ungettext(singular, plural, n)


def register(app: Flask) -> None:
    # Flask-Babel's template gettext looks the request's translations up again for each
    # string (about 40 µs); a list of 300 rows has a thousand strings.
    # The method comes with jinja2.ext.i18n, which Flask-Babel adds: not on the base class.
    app.jinja_env.filters["format_month"] = format_month
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    app.jinja_env.globals["csrf_field"] = csrf_field  # also in macros imported without context
    app.jinja_env.globals["error_summary_title"] = error_summary_title

    @app.context_processor
    def globals_():
        return {
            "babel_translations": get_translations(),
            "current_user": current_user,
            "button_form": button_form,
            "languages": LANGUAGES,
            "current_locale": lambda: str(get_locale() or "en"),
            "format_datetime": datetime_minutes,
            "format_date": format_date,
            "local_datetime": local_datetime,
            "evening_when": evening_when,
            "when_range": when_range,
            "zone_words": zone_words,
            "absolute_url": absolute_url,
            "filter_args": filter_args,
        }
