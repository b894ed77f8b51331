"""An attendee's steps through the pages: the sign-up form, then the emailed link."""

from eventsite.extensions import db
from eventsite.rsvp import services
from eventsite.rsvp.models import Rsvp

FORM = {"name": "Kit", "email": "kit@example.org", "reads_russian": "y", "note": "wheelchair"}


def sign_up(client, event, **data):
    """Post the form; close the answer as a server does, which processes the sign-up."""
    response = client.post(f"/events/{event.id}/rsvp", data={**FORM, **data})
    response.close()
    return response


def latest_rsvp(event, email: str) -> Rsvp:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.email == email.lower())
        .order_by(Rsvp.id.desc())
    ).first()


def confirm_path(rsvp: Rsvp) -> str:
    """The link the confirmation email carries (its token is derived, as the mail's is)."""
    return f"/rsvp/confirm/{services.confirm_token(rsvp)}"


def sign_up_and_confirm(client, event, **data) -> str:
    """Sign up and press the emailed link's button; return the private page's path."""
    sign_up(client, event, **data)
    rsvp = latest_rsvp(event, data.get("email", FORM["email"]))
    response = client.post(confirm_path(rsvp))
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def emailed_confirmation_link(app, address: str, timeout: float = 20) -> str:
    """The /rsvp/confirm/… path of the confirmation mail to `address`, once it is written.

    The sign-up is processed right after the answer (by the server's thread), so the
    mail may take a moment; it is in the outbox table or, delivered, in instance/outbox/.
    """
    import email
    import re
    import time
    from email import policy
    from pathlib import Path

    from eventsite.mail.models import OutboxMessage

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        raws = list(
            db.session.scalars(db.select(OutboxMessage.raw).where(OutboxMessage.raw.is_not(None)))
        )
        raws += [p.read_bytes() for p in Path(app.instance_path, "outbox").glob("*.eml")]
        for raw in raws:
            message = email.message_from_bytes(raw, policy=policy.default)
            if message["To"] != address:
                continue
            text = message.get_body(("plain",)).get_content()
            found = re.search(r"https?://[^/\s]+(/rsvp/confirm/[\w-]+)", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no confirmation mail to {address}")
