"""Where messages go: an SMTP server, or .eml files in instance/outbox/ by default."""

import logging
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

log = logging.getLogger(__name__)


class SMTPTransport:
    def __init__(self, config):
        self.config = config

    def send(self, raw: bytes, sender: str, recipient: str) -> None:
        c = self.config
        smtp: smtplib.SMTP
        if c.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(
                c["MAIL_SERVER"],
                c.get("MAIL_PORT") or 465,
                timeout=c["MAIL_TIMEOUT"],
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(
                c["MAIL_SERVER"], c.get("MAIL_PORT") or 25, timeout=c["MAIL_TIMEOUT"]
            )
        with smtp:
            if c.get("MAIL_USE_TLS") and not c.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if c.get("MAIL_USERNAME"):
                smtp.login(c["MAIL_USERNAME"], c.get("MAIL_PASSWORD") or "")
            smtp.sendmail(sender, [recipient], raw)


class FileTransport:
    """Development default: write each message as an .eml file and say where."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, raw: bytes, sender: str, recipient: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Time first so a listing is in sending order; random tail so names never collide.
        path = self.folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}.eml"
        path.write_bytes(raw)
        log.info("Email written to %s (no MAIL_SERVER configured)", path)


def transport_for(app: Flask):
    if app.config.get("MAIL_SERVER"):
        return SMTPTransport(app.config)
    return FileTransport(Path(app.instance_path) / "outbox")
