"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1, a free port)."""

import asyncio
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []
        # `hold(address)`: the first delivery to it stops before its recipient is
        # accepted, until `release()`; `held` is set then, with the sender's port in `peer`.
        self.held = threading.Event()
        self.released = threading.Event()
        self.hold_address: str | None = None
        self.peer: int | None = None

    def hold(self, address: str) -> None:
        self.hold_address = address

    def release(self) -> None:
        self.released.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.hold_address and not self.held.is_set():
            self.peer = session.peer[1]
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address: str):
        return [m for rcpts, m in self.messages if address in rcpts]


class SMTPServer:
    """Start and stop on demand, always on the same port (to test an outage)."""

    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None
