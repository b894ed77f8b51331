"""Report pages and their CSV files, for the chapter's organizers and hosts."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from eventsite.auth.access import chapter_role_required
from eventsite.auth.models import Role
from eventsite.chapters.models import Chapter
from eventsite.core.csv import csv_response
from eventsite.core.pagination import ascii_int, page_number
from eventsite.core.spreadsheets import xlsx_response
from eventsite.events.access import event_role_required
from eventsite.events.models import Event
from eventsite.events.timeutil import to_local
from eventsite.reports import exports, services
from eventsite.reports.charts import letters_chart

bp = Blueprint("reports", __name__, url_prefix="/manage")

DEFAULT_MONTHS, MAX_MONTHS = 12, 60
QUIET_PER_PAGE = 50


@bp.get("/events/<int:event_id>/report")
@event_role_required(Role.HOST)
def evening(event: Event):
    return render_template(
        "reports/evening.html", event=event, report=services.evening_report(event)
    )


@bp.get("/events/<int:event_id>/report.csv")
@event_role_required(Role.HOST)
def evening_csv(event: Event):
    day = to_local(event.starts_at, event.chapter.timezone)
    return csv_response(
        exports.evening_csv(services.evening_report(event)),
        f"letters-{day:%Y-%m-%d}-{event.id}.csv",
    )


@bp.get("/events/<int:event_id>/report.xlsx")
@event_role_required(Role.HOST)
def evening_xlsx(event: Event):
    day = to_local(event.starts_at, event.chapter.timezone)
    return xlsx_response(
        exports.evening_xlsx(services.evening_report(event)),
        f"letters-{day:%Y-%m-%d}-{event.id}.xlsx",
    )


def _months() -> int:
    """The period in months from `?months=`; anything but 1–60 is a bad request."""
    raw = request.args.get("months")
    if raw is None:
        return DEFAULT_MONTHS
    months = ascii_int(raw)
    if months is None or not 1 <= months <= MAX_MONTHS:
        message = ngettext(
            "Choose a period of 1 to %(num)d month.",
            "Choose a period of 1 to %(num)d months.",
            MAX_MONTHS,
        )
        abort(400, message)
    return months


@bp.get("/c/<slug>/report")
@chapter_role_required(Role.HOST)
def chapter(chapter: Chapter):
    months = _months()
    dashboard = services.dashboard(chapter.id, chapter.timezone, months)
    quiet = services.quiet_prisoners(chapter.id, page=page_number(), per_page=QUIET_PER_PAGE)
    return render_template(
        "reports/chapter.html",
        chapter=chapter,
        months=months,
        dashboard=dashboard,
        quiet=quiet,
        quiet_days=services.QUIET_DAYS,
        period_choices=sorted({3, 6, 12, 24, 60, months}),
        chart=letters_chart(
            dashboard.months, _("Letters and postcards per month"), "letters-per-month"
        ),
    )


@bp.get("/c/<slug>/report.csv")
@chapter_role_required(Role.HOST)
def chapter_csv(chapter: Chapter):
    months = _months()
    dashboard = services.dashboard(chapter.id, chapter.timezone, months)
    return csv_response(
        exports.dashboard_csv(dashboard), f"report-{chapter.slug}-{months}-months.csv"
    )


@bp.get("/c/<slug>/report.xlsx")
@chapter_role_required(Role.HOST)
def chapter_xlsx(chapter: Chapter):
    months = _months()
    dashboard = services.dashboard(chapter.id, chapter.timezone, months)
    return xlsx_response(
        exports.dashboard_xlsx(dashboard), f"report-{chapter.slug}-{months}-months.xlsx"
    )
