"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests, and the environment that points flnet at it.

conftest.py loads this module as a plugin, so the fixtures smtp_server, smtp_down and no_smtp work in every test.
"""
from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.browser import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return '250 OK'


def configure_smtp(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setenv('FLNET_SMTP_HOST', '127.0.0.1')
    monkeypatch.setenv('FLNET_SMTP_PORT', str(port))
    monkeypatch.setenv('FLNET_SMTP_STARTTLS', 'false')
    monkeypatch.setenv('FLNET_MAIL_FROM', 'FL-netværket <fl@example.dk>')
    monkeypatch.delenv('FLNET_SMTP_USER', raising=False)
    monkeypatch.delenv('FLNET_SMTP_PASSWORD', raising=False)


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    configure_smtp(monkeypatch, port)
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(monkeypatch: pytest.MonkeyPatch) -> None:
    configure_smtp(monkeypatch, free_port())  # nothing listens there


@pytest.fixture
def no_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('FLNET_SMTP_HOST', raising=False)
