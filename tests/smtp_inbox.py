"""A real local SMTP server (aiosmtpd) that keeps every message it receives, for the tests of
signaalmails, reminders and `jobs run` (issue 12)."""

from __future__ import annotations

import email.message
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message: email.message.Message) -> None:
        self.messages.append(message)

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode("utf-8") if not m.is_multipart()
                else m.get_payload(0).get_payload(decode=True).decode("utf-8") for m in self.messages]

    def recipients(self) -> list[str]:
        """One entry per envelope recipient, over all messages."""
        return [r.strip() for m in self.messages for r in str(m["X-RcptTo"]).split(",")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    return {"KLANTVIZIER_SMTP_HOST": "127.0.0.1", "KLANTVIZIER_SMTP_PORT": str(port),
            "KLANTVIZIER_SMTP_SECURITY": "none", "KLANTVIZIER_SMTP_FROM": "klantvizier@kwh.nl"}
