"""Charts for the report pages, in the page's language."""

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from eventsite.reports.services import MonthRow
from eventsite.reports.svg import Bar, bar_chart


def letters_chart(months: list[MonthRow], title: str, chart_id: str) -> Markup:
    """Letters and postcards per month as inline SVG (the builder escapes every text)."""
    bars = [
        Bar(
            # as in the table beside it: standalone month and the full year, «май 2026»
            # («май 26» reads as a date)
            label=format_date(m.month, "LLL yyyy"),
            value=m.letters + m.postcards,
            tooltip=_(
                "%(month)s: %(n)d letters and postcards",
                month=format_date(m.month, "LLLL yyyy"),
                n=m.letters + m.postcards,
            ),
        )
        for m in months
    ]
    description = _("Bar chart; the same numbers are in the table next to it.")
    svg = bar_chart(bars, title=title, description=description, chart_id=chart_id)
    return Markup(svg)  # noqa: S704 -- bar_chart escapes every text it puts in
