"""Sign-ups from the site: recorded as they come, processed after the answer, confirmed by email.

The answer to the sign-up form must not tell whether the email was already on the
list, so the request only records the form (`request_signup`). Right after the
response `process_signup_request` holds a seat or a waitlist place and mails a
confirmation link, or mails an address already on the list its link again (at most
once an hour). Opening the link (`confirm_rsvp`) makes the place the person's; an
unconfirmed one lapses (`expire_holds`) the way a cancellation goes.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from eventsite.auth.services import normalise_email
from eventsite.errors import DomainError
from eventsite.extensions import db, utcnow
from eventsite.rsvp import mails
from eventsite.rsvp.models import Rsvp, RsvpStatus, SignupRequest
from eventsite.rsvp.queries import find_live_rsvp
from eventsite.rsvp.services import closed_reason, create_rsvp, expire_holds_of, lock_event


def request_signup(
    event_id: int,
    *,
    name: str,
    email: str,
    reads_russian: bool = False,
    first_time: bool = False,
    note: str = "",
    language: str = "en",
) -> SignupRequest:
    """Record a sign-up form; `process_signup_request` acts on it after the response.

    Whether the email is new, signed up, waitlisted or cancelled, this is all the
    request does, so its answer and its timing cannot tell them apart.
    """
    request = SignupRequest(
        event_id=event_id,
        name=name.strip()[:120],
        email=normalise_email(email)[:254],
        note=(note or "").strip(),
        reads_russian=bool(reads_russian),
        first_time=bool(first_time),
        language=language[:5],
        created_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    return request


def process_signup_request(
    request_id: int, now: datetime | None = None, *, again: bool = True
) -> None:
    """Turn a recorded sign-up into a held seat or waitlist place, or mail the link again.

    Commits. Safe to call twice for one request and from several processes: the
    request row is claimed by deleting it, and a claim rolled back leaves it for later.
    """
    # Claimed and read in one statement: deleting the row is the claim, so a second
    # process finds nothing; a claim rolled back leaves the row for later.
    claimed = db.session.execute(
        delete(SignupRequest)
        .where(SignupRequest.id == request_id)
        .returning(
            SignupRequest.event_id,
            SignupRequest.email,
            SignupRequest.name,
            SignupRequest.note,
            SignupRequest.reads_russian,
            SignupRequest.first_time,
            SignupRequest.language,
        )
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if claimed is None:
        db.session.rollback()  # another process has it, or it is gone
        return
    event_id, email, name, note, reads_russian, first_time, language = claimed
    try:
        create_rsvp(
            event_id,
            name=name,
            email=email,
            note=note,
            reads_russian=reads_russian,
            first_time=first_time,
            language=language,
            confirm_by_email=True,
            now=now,
        )
    except DomainError as error:
        if isinstance(error.__cause__, IntegrityError):
            # The unique index stopped a second live sign-up of this address. The failed
            # INSERT ended the transaction, claim included: start again once, and the
            # check before the INSERT finds the sign-up that won and mails its link.
            db.session.rollback()
            if again:
                process_signup_request(request_id, now, again=False)
            return
        if error.code == "duplicate":
            existing = find_live_rsvp(event_id, email)
            if existing is not None:
                mails.link_again(existing)
        # closed or gone: the confirmation page said nothing definite, nothing to do
    db.session.commit()


def process_signup_requests(now: datetime | None = None) -> int:
    """Process every recorded sign-up still waiting (after a crash, or from the CLI)."""
    ids = db.session.scalars(select(SignupRequest.id).order_by(SignupRequest.id)).all()
    db.session.rollback()
    for request_id in ids:
        process_signup_request(request_id, now)
    return len(ids)


def confirm_rsvp(rsvp_id: int, now: datetime | None = None) -> Rsvp:
    """The emailed link was opened: a held seat becomes the person's, a waitlist place stays.

    Raises DomainError "expired" when the hold lapsed first (the seat has gone on).
    """
    now = now or utcnow()
    event_id = db.session.scalar(select(Rsvp.event_id).where(Rsvp.id == rsvp_id))
    if event_id is None:
        raise DomainError("not_found", _("That sign-up does not exist."))
    event, _seq = lock_event(event_id)
    expire_holds_of(event, now)
    rsvp = db.session.get_one(Rsvp, rsvp_id, populate_existing=True)
    if rsvp.status == RsvpStatus.CANCELLED:
        raise DomainError("expired", _("This link has expired. Please sign up again."))
    if rsvp.hold_expires_at is None:
        return rsvp  # confirmed already (two clicks at once)
    if not event.is_open_for_rsvp(now):
        raise DomainError("closed", closed_reason(event, now))
    if rsvp.status == RsvpStatus.PENDING:
        rsvp.status, rsvp.confirmed_at = RsvpStatus.CONFIRMED, now
    rsvp.hold_expires_at, rsvp.confirm_token_hash = None, None
    db.session.flush()
    mails.rsvp_created(rsvp)
    return rsvp


def expire_holds(now: datetime | None = None) -> int:
    """Expire every lapsed hold, evening by evening; return how many went. Commits."""
    now = now or utcnow()
    event_ids = db.session.scalars(
        select(Rsvp.event_id)
        .where(
            ((Rsvp.hold_expires_at <= now) & (Rsvp.status != RsvpStatus.CANCELLED))
            | (Rsvp.seat_held_until <= now)
        )
        .distinct()
    ).all()
    db.session.rollback()
    expired = 0
    for event_id in event_ids:
        event, _seq = lock_event(event_id)
        expired += expire_holds_of(event, now)
        db.session.commit()
    return expired
