"""How far an address on file can be trusted: a pure function of the record and the day.

An address is *postable* when the person is in prison, not in transit or under house
arrest, nobody has reported a letter coming back (or a status change) since the last
check, and the envelope fields are there. It is *stale* when nobody has checked it for
`stale_days` (the directory's "needs checking" filter): still printed, but worth a look.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from eventsite.prisoners.kinds import (
    NO_POST_FACILITIES,
    FacilityType,
    PrisonerStatus,
    UnconfirmedReason,
)

ADDRESS_STALE_DAYS = 180


@dataclass(frozen=True, slots=True)
class AddressState:
    postable: bool
    problems: tuple[str, ...] = ()  # status | unconfirmed | transit | house_arrest | incomplete
    checked_on: date | None = None
    stale: bool = False
    unconfirmed_on: date | None = None
    unconfirmed_reason: UnconfirmedReason | None = None


def address_state(
    *,
    status: PrisonerStatus,
    facility_type: FacilityType | None,
    unconfirmed_on: date | None,
    unconfirmed_reason: UnconfirmedReason | None,
    last_reviewed: date | None,
    has_address: bool,
    today: date,
    stale_days: int = ADDRESS_STALE_DAYS,
) -> AddressState:
    """Say whether letters may go to the address on file, and why not."""
    problems = []
    if status != PrisonerStatus.ACTIVE:
        problems.append("status")
    if unconfirmed_on is not None:
        problems.append("unconfirmed")
    if facility_type in NO_POST_FACILITIES:
        problems.append(str(facility_type))
    elif not has_address:
        problems.append("incomplete")
    return AddressState(
        postable=not problems,
        problems=tuple(problems),
        checked_on=last_reviewed,
        stale=is_stale(last_reviewed, today, stale_days),
        unconfirmed_on=unconfirmed_on,
        unconfirmed_reason=unconfirmed_reason,
    )


def is_stale(last_reviewed: date | None, today: date, stale_days: int) -> bool:
    return last_reviewed is None or last_reviewed < today - timedelta(days=stale_days)


def stale_before(today: date, stale_days: int) -> date:
    """The first day a check still counts as recent (for the SQL filter)."""
    return today - timedelta(days=stale_days)
