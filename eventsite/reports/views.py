"""Report pages and their CSV files, for the chapter's organizers and hosts."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from eventsite.auth.access import chapter_role_required
from eventsite.auth.models import Role
from eventsite.chapters.models import Chapter
from eventsite.core.spreadsheets import download
from eventsite.events.manage import event_for
from eventsite.events.timeutil import to_local
from eventsite.reports import exports, services
from eventsite.reports.charts import letters_chart

bp = Blueprint("reports", __name__, url_prefix="/manage")

DEFAULT_MONTHS, MAX_MONTHS = 12, 60
QUIET_PER_PAGE = 50


@bp.get("/events/<int:event_id>/report")
@login_required
def evening(event_id: int):
    event = event_for(event_id, Role.HOST)
    return render_template(
        "reports/evening.html", event=event, report=services.evening_report(event)
    )


def _evening_file(event_id: int, extension: str):
    event = event_for(event_id, Role.HOST)
    day = to_local(event.starts_at, event.chapter.timezone)
    build = exports.evening_xlsx if extension == "xlsx" else exports.evening_csv
    return download(
        build(services.evening_report(event)), f"letters-{day:%Y-%m-%d}-{event.id}.{extension}"
    )


@bp.get("/events/<int:event_id>/report.csv")
@login_required
def evening_csv(event_id: int):
    return _evening_file(event_id, "csv")


@bp.get("/events/<int:event_id>/report.xlsx")
@login_required
def evening_xlsx(event_id: int):
    return _evening_file(event_id, "xlsx")


def _months() -> int:
    """The period in months from `?months=`; anything but 1–60 is a bad request."""
    raw = request.args.get("months")
    if raw is None:
        return DEFAULT_MONTHS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_MONTHS:
        abort(400, _("Choose a period of 1 to %(max)d months.", max=MAX_MONTHS))
    return int(raw)


@bp.get("/c/<slug>/report")
@chapter_role_required(Role.HOST)
def chapter(chapter: Chapter):
    months = _months()
    dashboard = services.dashboard(chapter.id, chapter.timezone, months)
    quiet = services.quiet_prisoners(
        chapter.id, page=request.args.get("page", 1, type=int), per_page=QUIET_PER_PAGE
    )
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


def _chapter_file(chapter: Chapter, extension: str):
    months = _months()
    dashboard = services.dashboard(chapter.id, chapter.timezone, months)
    build = exports.dashboard_xlsx if extension == "xlsx" else exports.dashboard_csv
    return download(build(dashboard), f"report-{chapter.slug}-{months}-months.{extension}")


@bp.get("/c/<slug>/report.csv")
@chapter_role_required(Role.HOST)
def chapter_csv(chapter: Chapter):
    return _chapter_file(chapter, "csv")


@bp.get("/c/<slug>/report.xlsx")
@chapter_role_required(Role.HOST)
def chapter_xlsx(chapter: Chapter):
    return _chapter_file(chapter, "xlsx")
