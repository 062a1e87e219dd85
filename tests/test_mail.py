"""The outbox and its delivery, against a real SMTP server (aiosmtpd) on 127.0.0.1."""
from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from nicegui import core
from tortoise.transactions import in_transaction

from flnet_ui import mail
from models import MailStatus, OutgoingMail
from tests.conftest import NOW
from tests.smtp import Inbox

SUBJECT = 'Velkommen i FL-netværket – «Æble, Øl og Å»'
BODY = 'Kære Søren Ærø\n\nDu er optaget på ventelisten – plads nr. 3 «først til mølle».\n\nMed venlig hilsen\n'
PDF = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'


async def test_delivers_danish_text_and_attachment(db: Any, smtp_server: Inbox) -> None:
    await mail.queue(to='soeren@bibliotek.dk', subject=SUBJECT, body=BODY, attachment=('referat.pdf', PDF,
                                                                                     'application/pdf'), now=NOW)
    await mail.queue(to='anne@bibliotek.dk', subject='Påmindelse', body='Husk mødet på torsdag.', now=NOW)

    report = await mail.deliver_due(now=NOW)

    assert (report.configured, report.sent, report.retrying, report.failed) == (True, 2, 0, 0)
    by_recipient = {tuple(rcpt): message for rcpt, message in smtp_server.received}
    assert set(by_recipient) == {('soeren@bibliotek.dk',), ('anne@bibliotek.dk',)}
    first = by_recipient[('soeren@bibliotek.dk',)]
    assert first['Subject'] == SUBJECT
    assert first['To'] == 'soeren@bibliotek.dk'
    assert first['From'].addresses[0].display_name == 'FL-netværket'
    body_part = first.get_body(preferencelist=('plain',))
    assert body_part is not None
    assert body_part.get_content().replace('\r\n', '\n') == BODY  # CRLF on the wire
    attachments = list(first.iter_attachments())
    assert [(part.get_filename(), part.get_content_type(), part.get_content()) for part in attachments] == [
        ('referat.pdf', 'application/pdf', PDF)]
    second = by_recipient[('anne@bibliotek.dk',)]
    assert second['Subject'] == 'Påmindelse'
    assert not list(second.iter_attachments())
    assert {(m.status, m.sent_at, m.attempts) for m in await OutgoingMail.all()} == {(MailStatus.SENT, NOW, 1)}

    again = await mail.deliver_due(now=NOW + dt.timedelta(hours=1))
    assert again.sent == 0 and len(smtp_server.received) == 2  # never sent twice


async def test_only_due_messages_are_sent(db: Any, smtp_server: Inbox) -> None:
    await mail.queue(to='later@bibliotek.dk', subject='Senere', body='x', now=NOW + dt.timedelta(minutes=5))
    assert (await mail.deliver_due(now=NOW)).sent == 0
    assert (await mail.deliver_due(now=NOW + dt.timedelta(minutes=5))).sent == 1
    assert [rcpt for rcpt, _ in smtp_server.received] == [['later@bibliotek.dk']]


async def test_rolled_back_transaction_queues_and_sends_nothing(db: Any, smtp_server: Inbox) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await mail.queue(to='soeren@bibliotek.dk', subject=SUBJECT, body=BODY, now=NOW)
            raise RuntimeError('the change failed')
    assert await OutgoingMail.all().count() == 0
    assert (await mail.deliver_due(now=NOW)).sent == 0
    assert smtp_server.received == []


async def test_smtp_down_retries_with_backoff_then_fails(db: Any, smtp_down: None) -> None:
    queued = await mail.queue(to='soeren@bibliotek.dk', subject=SUBJECT, body=BODY, now=NOW)
    now = NOW
    waits = []
    for attempt in range(1, mail.MAX_ATTEMPTS):
        report = await mail.deliver_due(now=now)
        assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
        row = await OutgoingMail.get(id=queued.id)
        assert (row.status, row.attempts) == (MailStatus.QUEUED, attempt)
        assert row.last_error  # the reason is kept for the coordinator
        waits.append(row.next_attempt_at - now)
        assert (await mail.deliver_due(now=row.next_attempt_at - dt.timedelta(seconds=1))).retrying == 0  # not yet
        now = row.next_attempt_at
    assert [int(wait.total_seconds() // 60) for wait in waits] == [1, 2, 4, 8, 16, 32, 60]

    report = await mail.deliver_due(now=now)
    assert (report.sent, report.retrying, report.failed) == (0, 0, 1)
    row = await OutgoingMail.get(id=queued.id)
    assert (row.status, row.attempts, row.sent_at) == (MailStatus.FAILED, mail.MAX_ATTEMPTS, None)
    assert row.last_error
    assert (await mail.deliver_due(now=now + dt.timedelta(days=1))).failed == 0  # given up: not tried again
    assert [m.id for m in await mail.outbox(status=MailStatus.FAILED)] == [queued.id]


async def test_retry_puts_a_failed_message_back(db: Any, smtp_server: Inbox) -> None:
    queued = await mail.queue(to='soeren@bibliotek.dk', subject=SUBJECT, body=BODY, now=NOW)
    await OutgoingMail.filter(id=queued.id).update(status=MailStatus.FAILED, attempts=8, last_error='boom')
    later = NOW + dt.timedelta(days=2)

    assert await mail.retry(mail_id=queued.id, now=later) is True
    row = await OutgoingMail.get(id=queued.id)
    assert (row.status, row.attempts, row.next_attempt_at) == (MailStatus.QUEUED, 0, later)
    assert (await mail.deliver_due(now=later)).sent == 1
    assert len(smtp_server.received) == 1
    assert await mail.retry(mail_id=queued.id, now=later) is False  # only failed messages go back


async def test_without_smtp_messages_stay_queued_and_visible(db: Any, no_smtp: None) -> None:
    first = await mail.queue(to='a@bibliotek.dk', subject='Én', body='x', network_id=None, now=NOW)
    second = await mail.queue(to='b@bibliotek.dk', subject='To', body='y', now=NOW + dt.timedelta(minutes=1))

    report = await mail.deliver_due(now=NOW + dt.timedelta(days=1))

    assert report.configured is False and report.sent == 0
    assert 'not configured' in str(report)
    rows = await mail.outbox()
    assert [m.id for m in rows] == [second.id, first.id]  # newest first
    assert {(m.status, m.attempts) for m in rows} == {(MailStatus.QUEUED, 0)}
    assert [m.id for m in await mail.outbox(status=MailStatus.QUEUED, limit=1)] == [second.id]
    assert await mail.outbox(status=MailStatus.SENT) == []


async def test_delivery_loop_sends_when_woken(db: Any, smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, 'loop', asyncio.get_running_loop())
    task = mail.start_delivery_loop()
    try:
        await asyncio.sleep(0.2)  # the first round finds nothing
        await mail.queue(to='soeren@bibliotek.dk', subject=SUBJECT, body=BODY, now=dt.datetime.now(dt.UTC))
        mail.wake()
        for _ in range(100):
            if smtp_server.received:
                break
            await asyncio.sleep(0.05)
        assert [rcpt for rcpt, _ in smtp_server.received] == [['soeren@bibliotek.dk']]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        monkeypatch.setattr(mail, '_wake_event', None)


def test_backoff_is_capped() -> None:
    assert [mail.backoff(n) for n in (1, 2, 3, 7, 8, 20)] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 60, 60, 60)]
