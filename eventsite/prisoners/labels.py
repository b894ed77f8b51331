"""The directory's fixed lists and months in the reader's language (pages, forms, prints)."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from eventsite.prisoners.kinds import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    PrisonerStatus,
    Restriction,
    ReturnReason,
    UnconfirmedReason,
)

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
    MailRoute.ZONATELECOM: _l("Zonatelecom e-letters (Зонателеком)"),
    MailRoute.FORWARDING: _l("A support group forwards letters"),
}
# What a writer abroad must know before choosing the route.
ROUTE_NOTES = {
    MailRoute.POST: None,
    MailRoute.ELECTRONIC: _l("Paid; needs a Russian bank card."),
    MailRoute.ZONATELECOM: _l("Paid; needs a Russian bank card."),
    MailRoute.FORWARDING: _l(
        "Send your letter to the group through its link; it prints and posts it."
    ),
}
GENDER_LABELS = {Gender.FEMALE: _l("Woman («Дорогая …»)"), Gender.MALE: _l("Man («Дорогой …»)")}
CUSTODY_LABELS = {
    CustodyStatus.PRETRIAL: _l("Pre-trial (under investigation or on trial)"),
    CustodyStatus.SENTENCED: _l("Sentenced"),
    CustodyStatus.OTHER: _l("Other (e.g. compulsory treatment)"),
}
FACILITY_LABELS = {
    FacilityType.SIZO: _l("Pre-trial detention centre (СИЗО)"),
    FacilityType.IVS: _l("Police temporary detention (ИВС)"),
    FacilityType.IK: _l("Penal colony (ИК)"),
    FacilityType.KP: _l("Colony-settlement (КП)"),
    FacilityType.PRISON: _l("Prison (тюрьма)"),
    FacilityType.LIU: _l("Prison hospital (ЛИУ)"),
    FacilityType.VK: _l("Juvenile colony (ВК)"),
    FacilityType.PSYCH: _l("Psychiatric hospital"),
    FacilityType.HOUSE_ARREST: _l("House arrest"),
    FacilityType.TRANSIT: _l("In transit (этап)"),
    FacilityType.OTHER: _l("Other"),
}
RESTRICTION_LABELS = {
    Restriction.POSTCARDS_ONLY: _l("Postcards only"),
    Restriction.NO_PHOTOS: _l("No photos"),
    Restriction.NO_ENCLOSURES: _l("Nothing enclosed (no paper, envelopes or stamps)"),
    Restriction.NO_DRAWINGS: _l("No drawings"),
    Restriction.RUSSIAN_ONLY: _l("In Russian only"),
    Restriction.NO_RELIGION: _l("No religious content"),
    Restriction.NO_CASE: _l("Nothing about the case"),
    Restriction.E_LETTER_ONLY: _l("Letters through the e-letter service only"),
}
ID_SOURCE_LABELS = {
    IdSource.OWN: _l("Our own list"),
    IdSource.MEMORIAL: _l("Memorial (political prisoners support)"),
    IdSource.OVD_INFO: _l("OVD-Info"),
    IdSource.SOLIDARITY_ZONE: _l("Solidarity Zone"),
    IdSource.VIASNA: _l("Viasna (Belarus)"),
    IdSource.OTHER: _l("Another list"),
}
RETURN_REASON_LABELS = {
    ReturnReason.MOVED: _l("Moved away (выбыл)"),
    ReturnReason.NOT_FOUND: _l("Not at this address (адресат не значится)"),
    ReturnReason.RELEASED: _l("Released"),
    ReturnReason.REFUSED: _l("Refused or withheld"),
    ReturnReason.OTHER: _l("Other"),
}
UNCONFIRMED_LABELS = {
    UnconfirmedReason.RETURNED: _l("a letter came back"),
    UnconfirmedReason.STATUS: _l("the status changed"),
    UnconfirmedReason.IMPORTED: _l("an import could not split the address for certain"),
}
# Why an address must not be posted to, as the envelope block says it.
PROBLEM_LABELS = {
    "status": _l("The status is not “in prison”: letters to this address will not reach them."),
    "unconfirmed": _l("The address is unconfirmed since %(day)s (%(reason)s)."),
    "transit": _l("In transit (этап): wait for the new address."),
    "house_arrest": _l("Under house arrest: no letters to this address."),
    "incomplete": _l("The address is incomplete."),
}


def restriction_labels(codes) -> list[str]:
    """Return the restrictions in the current language, in the fixed list's order."""
    return [str(RESTRICTION_LABELS[c]) for c in Restriction if c in set(codes)]


def route_label(route: MailRoute) -> str:
    """Return a route with what to know about it, in the current language."""
    note = ROUTE_NOTES[route]
    return f"{ROUTE_LABELS[route]}: {note}" if note else str(ROUTE_LABELS[route])


def address_problems(state) -> list[str]:
    """Why letters must not go to the address on file, in the current language."""
    said = []
    for problem in state.problems:
        if problem == "unconfirmed":
            reason = state.unconfirmed_reason
            said.append(
                str(PROBLEM_LABELS[problem])
                % {
                    "day": format_date(state.unconfirmed_on, "long"),
                    "reason": str(UNCONFIRMED_LABELS[reason]) if reason else "",
                }
            )
        else:
            said.append(str(PROBLEM_LABELS[problem]))
    return said


def mail_lines(routes, reply_form: bool = False, forwarding_url: str = "") -> list[str]:
    """Every route with what a writer must know, then the reply form, in the current language."""
    lines = []
    for route in MailRoute:
        if route in set(routes):
            line = route_label(route)
            if route == MailRoute.FORWARDING and forwarding_url:
                line = f"{line} {forwarding_url}"
            lines.append(line)
    if reply_form:
        lines.append(str(_l("A reply form can be bought with the e-letter, so they can answer.")))
    return lines
