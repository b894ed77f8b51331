"""Queue messages in the current transaction; deliver them later, retrying, once each."""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import or_, select, update

from eventsite.core.logs import EMAIL_RE
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.transport import transport_for

log = logging.getLogger(__name__)
# (file name, main type, subtype, content)
Attachment = tuple[str, str, str, bytes]

MAX_ATTEMPTS = 12
# A claim older than this is taken to be from a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)


def compose(
    *, to: str, subject: str, text: str, html: str, attachments: Sequence[Attachment] = ()
) -> EmailMessage:
    """Build a multipart message; attachments are (filename, maintype, subtype, bytes)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    domain = current_app.config["MAIL_FROM"].rsplit("@", 1)[-1].strip("> ") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for filename, maintype, subtype, data in attachments:
        # Without a charset, mail clients read a Cyrillic title in the .ics as ASCII.
        params = {"method": "PUBLISH", "charset": "utf-8"} if subtype == "calendar" else {}
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=filename, params=params
        )
    return message


def enqueue(message: EmailMessage, kind: str, rsvp_id: int | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction, and send it after the request."""
    row = OutboxMessage(
        kind=kind,
        message_id=message["Message-ID"],
        to_addr=message["To"],
        raw=message.as_bytes(policy=SMTP),  # CRLF line ends, as SMTP wants them
        rsvp_id=rsvp_id,
        status=MailStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    deliver_after_request()
    return row


def deliver_after_request() -> None:
    """Deliver due mail once the response has gone out, so nobody waits for SMTP."""
    if not has_request_context() or not current_app.config.get("MAIL_SEND_AFTER_REQUEST", True):
        return
    # The proxy's own app, for the thread after the response (Flask types the proxy as Flask).
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _hook(response):
        def run():
            with app.app_context():
                try:
                    deliver_due()
                except Exception:  # the outbox keeps the mail for `send-mail`
                    log.exception("Delivering mail after a request failed")

        response.call_on_close(run)
        return response


def _log_id(message_id: str) -> str:
    """The Message-ID's unique part, to find a mail in the server's log (no @: not an address)."""
    return message_id.strip("<>").split("@", 1)[0]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _claim(message_id: int, now: datetime) -> bool:
    claimed = changed_rows(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            or_(
                (OutboxMessage.status == MailStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == MailStatus.SENDING)
                & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            ),
        )
        .values(status=MailStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed == 1


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due; return how many were sent, retried later, or given up."""
    now = now or utcnow()
    transport = transport_for(current_app)
    sender = current_app.config["MAIL_FROM"]
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(
            or_(
                (OutboxMessage.status == MailStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == MailStatus.SENDING)
                & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in due:
        if not _claim(message_id, now):
            continue  # another worker has it
        row = db.session.get(OutboxMessage, message_id, populate_existing=True)
        if row is None or row.raw is None or row.to_addr is None:
            db.session.commit()
            continue  # its evening's attendee data was purged since: nothing left to send
        try:
            transport.send(row.raw, sender, row.to_addr)
        except Exception as error:
            row.attempts += 1
            # Servers quote the refused address back; keep addresses out of logs and the table.
            row.last_error = EMAIL_RE.sub("<address>", f"{type(error).__name__}: {error}")[:500]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = MailStatus.FAILED
                counts["failed"] += 1
                outcome = "given up"
            else:
                row.status = MailStatus.PENDING
                row.next_attempt_at = now + backoff(row.attempts)
                counts["retry"] += 1
                outcome = f"retry at {row.next_attempt_at:%Y-%m-%dT%H:%M}Z"
            # Ids, kind and outcome only: never the address, the subject or the body.
            log.warning(
                "Mail %d %s (%s) not sent, attempt %d, %s: %s",
                row.id,
                _log_id(row.message_id),
                row.kind,
                row.attempts,
                outcome,
                row.last_error,
            )
        else:
            row.status, row.sent_at = MailStatus.SENT, utcnow()
            row.attempts += 1
            row.raw, row.to_addr = None, None  # delivered: keep no personal data
            counts["sent"] += 1
            log.info(
                "Mail %d %s (%s) sent, attempt %d",
                row.id,
                _log_id(row.message_id),
                row.kind,
                row.attempts,
            )
        db.session.commit()
    return counts
