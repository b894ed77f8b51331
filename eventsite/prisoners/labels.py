"""What the directory's statuses, mail routes and months are called on pages and prints."""

from flask_babel import lazy_gettext as _l

from eventsite.prisoners.models import MailRoute, PrisonerStatus

STATUS_LABELS = {
    PrisonerStatus.ACTIVE: _l("In prison (active)"),
    PrisonerStatus.RELEASED: _l("Released"),
    PrisonerStatus.TRANSFERRED: _l("Transferred, new address unknown"),
    PrisonerStatus.DECEASED: _l("Deceased"),
    PrisonerStatus.UNKNOWN: _l("Unknown"),
}
ROUTE_LABELS = {
    MailRoute.POST: _l("Paper post"),
    MailRoute.ELECTRONIC: _l("Prison e-letter service (ФСИН-письмо)"),
}
MONTHS = [
    _l("January"),
    _l("February"),
    _l("March"),
    _l("April"),
    _l("May"),
    _l("June"),
    _l("July"),
    _l("August"),
    _l("September"),
    _l("October"),
    _l("November"),
    _l("December"),
]
