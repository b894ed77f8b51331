"""Queue messages in the current transaction; deliver them later, retrying, once each."""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import or_, select, update

from eventsite.core.logs import EMAIL_RE
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.transport import transport_for

log = logging.getLogger(__name__)
# (file name, main type, subtype, content, Content-Type parameters)
Attachment = tuple[str, str, str, bytes, dict[str, str]]

MAX_ATTEMPTS = 12
# A claim older than this is taken to be from a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)


def _needs_encoding(value: str) -> bool:
    # ASCII text that looks like an encoded word would be decoded by the reader.
    return not value.isascii() or "=?" in value


class MailPolicy(EmailPolicy):
    """The SMTP policy, except that a non-ASCII Subject keeps every space when decoded.

    CPython's folder (3.11, 3.12) can put the space between two words outside the
    encoded words, where RFC 2047 §6.2 tells readers to drop it. `Header` encodes the
    whole text, spaces included, and folds only between encoded words.
    """

    ENCODED = frozenset({"subject"})

    def header_store_parse(self, name, value):
        # Kept as given: the default would already decode "=?...?=" found in a title.
        if name.lower() in self.ENCODED and isinstance(value, str):
            if "\n" in value or "\r" in value:
                raise ValueError("Header values may not contain linefeed or carriage return")
            return (name, value)
        return super().header_store_parse(name, value)

    def _encoded(self, name: str, value: str) -> str:
        header = Header(str(value), "utf-8", header_name=name)
        folded = header.encode(linesep=self.linesep, maxlinelen=self.max_line_length)
        return f"{name}: {folded}{self.linesep}"

    def fold(self, name, value):
        if name.lower() in self.ENCODED and _needs_encoding(str(value)):
            return self._encoded(name, value)
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if name.lower() in self.ENCODED and _needs_encoding(str(value)):
            return self._encoded(name, value).encode("ascii")
        return super().fold_binary(name, value)


# CRLF line ends, as SMTP wants them.
SMTP_POLICY = MailPolicy(linesep="\r\n")


def compose(
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[Attachment] = (),
    reply_to: str | None = None,
) -> EmailMessage:
    """Build a multipart message.

    Attachments are (filename, maintype, subtype, bytes, Content-Type parameters).

    Every message answers something a person did: it is auto-generated (RFC 3834, so
    auto-responders stay quiet) but transactional, so it has no List-Unsubscribe.
    Replies go to the chapter when it has a contact address.
    """
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Auto-Submitted"] = "auto-generated"
    message["Date"] = format_datetime(utcnow())
    domain = current_app.config["MAIL_FROM"].rsplit("@", 1)[-1].strip("> ") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for filename, maintype, subtype, data, params in attachments:
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=filename, params=params
        )
    return message


def enqueue(
    message: EmailMessage,
    kind: str,
    rsvp_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction, and send it after the request.

    With `not_before` it waits until then (a later `deliver_due` sends it), so the
    caller may still take it back by deleting the pending row.
    """
    row = OutboxMessage(
        kind=kind,
        message_id=message["Message-ID"],
        to_addr=message["To"],
        raw=message.as_bytes(policy=SMTP_POLICY),
        rsvp_id=rsvp_id,
        status=MailStatus.PENDING,
        next_attempt_at=not_before or utcnow(),
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
