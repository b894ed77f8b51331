"""Queue messages in the current transaction; deliver them later, retrying, once each."""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid

from flask import current_app
from sqlalchemy import func, insert, or_, select, update

from eventsite.core.logs import EMAIL_RE
from eventsite.core.tasks import after_commit_batch
from eventsite.extensions import changed_rows, db, utcnow
from eventsite.mail.models import MailStatus, OutboxMessage
from eventsite.mail.transport import transport_for

log = logging.getLogger(__name__)
# (file name, main type, subtype, content, Content-Type parameters)
Attachment = tuple[str, str, str, bytes, dict[str, str]]

MAX_ATTEMPTS = 12

# kind -> renderer(rsvp id, params, Message-ID) of compact rows (`enqueue_many`); a
# renderer answers None when there is nothing to say any more (the sign-up has gone).
Renderer = Callable[[int, dict, str], EmailMessage | None]
RENDERERS: dict[str, Renderer] = {}


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
    message_id: str | None = None,
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
    message["Message-ID"] = message_id or new_message_id()
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for filename, maintype, subtype, data, params in attachments:
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=filename, params=params
        )
    return message


def new_message_id() -> str:
    domain = current_app.config["MAIL_FROM"].rsplit("@", 1)[-1].strip("> ") or "localhost"
    return make_msgid(domain=domain)


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the function that renders compact rows of `kind` at delivery."""

    def register(renderer: Renderer) -> Renderer:
        RENDERERS[kind] = renderer
        return renderer

    return register


def enqueue_many(kind: str, recipients: Sequence[tuple[int, str]], params: dict) -> int:
    """Queue one compact row per (sign-up id, address) with one INSERT; render nothing.

    For mail to everyone of an evening, queued under the evening's lock: rendering two
    templates and a calendar per person would hold the lock, and the sign-ups waiting
    on it, for seconds. The worker renders each at delivery (`RENDERERS[kind]`); the
    Message-ID is fixed now, so every attempt is recognisably the same mail.
    """
    if not recipients:
        return 0
    now = utcnow()
    rows = [
        {
            "kind": kind,
            "message_id": new_message_id(),
            "to_addr": address,
            "rsvp_id": rsvp_id,
            "params": params,
            "status": MailStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for rsvp_id, address in recipients
    ]
    ids = db.session.scalars(insert(OutboxMessage).returning(OutboxMessage.id), rows).all()
    for message_id in ids:
        after_commit_batch("mail.deliver", message_id)
    return len(ids)


def enqueue(
    message: EmailMessage,
    kind: str,
    rsvp_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; a task sends it after the commit.

    With `not_before` it waits until then (beat's `deliver_due` sends it), so the caller
    may still take it back by deleting the pending row.
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
    db.session.flush()  # its id, for the task
    # Rolled back, the task is forgotten with the row; committed, it sends the row (and
    # the others of the transaction) at once. Beat's `deliver_due` retries what failed
    # and sends what waits for its `not_before`.
    if not_before is None or not_before <= utcnow():
        after_commit_batch("mail.deliver", row.id)
    return row


def _log_id(message_id: str) -> str:
    """The Message-ID's unique part, to find a mail in the server's log (no @: not an address)."""
    return message_id.strip("<>").split("@", 1)[0]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _stale_claim() -> timedelta:
    """A claim older than this is taken to be from a worker that died mid-send."""
    return timedelta(seconds=current_app.config["MAIL_STALE_CLAIM_SECONDS"])


def _due(now: datetime):
    return or_(
        (OutboxMessage.status == MailStatus.PENDING) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == MailStatus.SENDING)
        & (OutboxMessage.claimed_at < now - _stale_claim()),
    )


def _claim(message_id: int, now: datetime) -> bool:
    claimed = changed_rows(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(now))
        .values(status=MailStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed == 1


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due; return how many were sent, retried later, or given up."""
    now = now or utcnow()
    due = db.session.scalars(
        select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
    ).all()
    db.session.commit()
    return deliver(due, now)


def deliver(message_ids: Sequence[int], now: datetime | None = None) -> dict[str, int]:
    """Send these messages if they are due and nobody else has claimed them."""
    now = now or utcnow()
    transport = transport_for(current_app)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in message_ids:
        if not _claim(message_id, now):
            db.session.commit()
            continue  # another worker has it, it went already, or it waits for its retry
        outcome = _send(message_id, transport, now)
        if outcome:
            counts[outcome] += 1
    return counts


def _send(message_id: int, transport, now: datetime) -> str | None:
    """Send one claimed message; return "sent", "retry", "failed", or None if it is gone."""
    sender = current_app.config["MAIL_FROM"]
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    outcome = "sent"
    if row is None or row.to_addr is None or (row.raw is None and row.params is None):
        db.session.commit()
        return None  # its evening's attendee data was purged since: nothing left to send
    try:
        if row.raw is None:
            message = _render(row)
            if message is None:  # nobody left to tell (the sign-up was cancelled since)
                db.session.delete(row)
                db.session.commit()
                return None
            row.raw, row.params = message.as_bytes(policy=SMTP_POLICY), None
        transport.send(row.raw, sender, row.to_addr)
    except Exception as error:
        row.attempts += 1
        # Servers quote the refused address back; keep addresses out of logs and the table.
        row.last_error = EMAIL_RE.sub("<address>", f"{type(error).__name__}: {error}")[:500]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = MailStatus.FAILED
            outcome = "failed"
            said = "given up"
        else:
            row.status = MailStatus.PENDING
            row.next_attempt_at = now + backoff(row.attempts)
            outcome = "retry"
            said = f"retry at {row.next_attempt_at:%Y-%m-%dT%H:%M}Z"
        # Ids, kind and outcome only: never the address, the subject or the body.
        log.warning(
            "Mail %d %s (%s) not sent, attempt %d, %s: %s",
            row.id,
            _log_id(row.message_id),
            row.kind,
            row.attempts,
            said,
            row.last_error,
        )
    else:
        row.status, row.sent_at = MailStatus.SENT, utcnow()
        row.attempts += 1
        row.raw, row.to_addr = None, None  # delivered: keep no personal data
        log.info(
            "Mail %d %s (%s) sent, attempt %d",
            row.id,
            _log_id(row.message_id),
            row.kind,
            row.attempts,
        )
    db.session.commit()
    return outcome


def _render(row: OutboxMessage) -> EmailMessage | None:
    if row.rsvp_id is None or row.kind not in RENDERERS:
        raise LookupError(f"no renderer for {row.kind}")
    return RENDERERS[row.kind](row.rsvp_id, row.params or {}, row.message_id)


def oldest_pending_age(now: datetime | None = None) -> timedelta | None:
    """How long the oldest message not yet sent has waited (None: nothing waits)."""
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_([MailStatus.PENDING, MailStatus.SENDING])
        )
    )
    if oldest is None:
        return None
    return (now or utcnow()) - oldest
