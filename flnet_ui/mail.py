"""E-mail: an outbox in the database, and a background task that delivers it over SMTP.

Services call `queue()` inside their own transaction, so a rolled-back change sends nothing; after the commit they
call `wake()`. Delivery never runs inside a request: the loop started by `start_delivery_loop()` sends what is due,
retries failures with backoff and finally marks them failed, where the coordinator can see them (`outbox()`) and put
them back (`retry()`). Without FLNET_SMTP_HOST nothing is sent and every message stays queued and readable.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib
from nicegui import background_tasks

from flnet_ui import events
from models import MailStatus, OutgoingMail

log = logging.getLogger('flnet.mail')

MAX_ATTEMPTS = 8
MAX_BACKOFF_MINUTES = 60
LOOP_INTERVAL_SECONDS = 30
SMTP_TIMEOUT_SECONDS = 30
DEFAULT_FROM = 'FL-netværket <noreply@localhost>'

_wake_event: asyncio.Event | None = None


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    starttls: bool
    sender: str


@dataclass
class DeliveryReport:
    """What one delivery round did. `configured` is False when there is no SMTP server: nothing was tried."""
    configured: bool
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        if not self.configured:
            return 'SMTP not configured (FLNET_SMTP_HOST is empty): messages stay queued in the outbox'
        return f'sent {self.sent}, to retry {self.retrying}, failed {self.failed}'


def smtp_settings() -> SmtpSettings | None:
    """Read at call time, so that a changed environment (or a test) takes effect without a restart."""
    host = os.environ.get('FLNET_SMTP_HOST', '').strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get('FLNET_SMTP_PORT', '') or 587),
        user=os.environ.get('FLNET_SMTP_USER', ''),
        password=os.environ.get('FLNET_SMTP_PASSWORD', ''),
        starttls=os.environ.get('FLNET_SMTP_STARTTLS', 'true').strip().lower() not in ('0', 'false', 'no', 'off'),
        sender=os.environ.get('FLNET_MAIL_FROM', '') or DEFAULT_FROM,
    )


async def queue(*, to: str, subject: str, body: str, network_id: int | None = None,
                attachment: tuple[str, bytes, str] | None = None, now: dt.datetime) -> OutgoingMail:
    """Put one message in the outbox. Call it inside the caller's transaction; it sends nothing itself."""
    name, content, content_type = attachment if attachment else ('', None, '')
    return await OutgoingMail.create(
        to_address=to, subject=subject, body_text=body, network_id=network_id, attachment_name=name,
        attachment=content, attachment_type=content_type, created_at=now, status=MailStatus.QUEUED,
        next_attempt_at=now)


def wake() -> None:
    """Ask the delivery loop to run now (call after the transaction that queued mail has committed)."""
    if _wake_event is not None:
        _wake_event.set()
    events.mail.emit(None)  # the outbox page shows the new messages at once


async def deliver_due(*, now: dt.datetime) -> DeliveryReport:
    """Send every queued message that is due. Never raises for a delivery problem; it is recorded on the message."""
    settings = smtp_settings()
    if settings is None:
        return DeliveryReport(configured=False)
    report = DeliveryReport(configured=True)
    due = await OutgoingMail.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now).order_by('id')
    for mail in due:
        if not await _claim(mail, now=now):
            continue  # another round (or process) took it
        try:
            await _send(mail, settings)
        except Exception as error:  # any failure must stay with this message, not stop the others
            await _record_failure(mail, error, report)
        else:
            await OutgoingMail.filter(id=mail.id).update(status=MailStatus.SENT, sent_at=now, last_error='')
            report.sent += 1
    if due:
        log.info('Mail delivery: %s', report)
        for network_id in {m.network_id for m in due}:  # sent, failed or tried: the outbox page redraws
            events.mail.emit(network_id)
    return report


def start_delivery_loop() -> asyncio.Task[None]:
    """Start the background delivery task (call from app.on_startup, once the database is open)."""
    global _wake_event  # noqa: PLW0603 - one loop per process, woken from anywhere in it
    _wake_event = asyncio.Event()
    return background_tasks.create(_delivery_loop(_wake_event), name='flnet mail delivery')


async def outbox(*, status: MailStatus | None = None, limit: int = 100) -> list[OutgoingMail]:
    """The newest messages first, optionally only those with one status."""
    query = OutgoingMail.all() if status is None else OutgoingMail.filter(status=status)
    return await query.order_by('-created_at', '-id').limit(limit)


async def retry(*, mail_id: int, now: dt.datetime) -> bool:
    """Put a failed message back in the queue with fresh attempts. False when it was not failed."""
    changed = await requeue_failed(mail_id=mail_id, now=now)
    if changed:
        wake()
    return changed


async def requeue_failed(*, mail_id: int, now: dt.datetime) -> bool:
    """The change behind `retry`, for a caller that audits it in its own transaction (and wakes the loop after)."""
    changed = await OutgoingMail.filter(id=mail_id, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=now)
    return bool(changed)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8 ... minutes, never more than an hour."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_MINUTES))


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message['From'] = sender
    message['To'] = mail.to_address
    message['Subject'] = mail.subject
    message['Date'] = format_datetime(mail.created_at)
    message['Message-ID'] = make_msgid(domain=_domain_of(sender))
    # Quoted-printable keeps Danish letters safe through servers that only speak 7 bit.
    message.set_content(mail.body_text, charset='utf-8', cte='quoted-printable')
    if mail.attachment is not None and mail.attachment_name:
        maintype, _, subtype = (mail.attachment_type or 'application/octet-stream').partition('/')
        message.add_attachment(bytes(mail.attachment), maintype=maintype, subtype=subtype or 'octet-stream',
                               filename=mail.attachment_name)
    return message


# --- helpers -------------------------------------------------------------------------------------------------------

async def _delivery_loop(event: asyncio.Event) -> None:
    while True:
        try:
            await deliver_due(now=dt.datetime.now(dt.UTC))
        except Exception:  # e.g. the database briefly unavailable: try again next round
            log.exception('Mail delivery round failed')
        try:
            await asyncio.wait_for(event.wait(), timeout=LOOP_INTERVAL_SECONDS)
        except TimeoutError:
            pass
        event.clear()


async def _claim(mail: OutgoingMail, *, now: dt.datetime) -> bool:
    """Count the attempt and schedule the next one before sending, in one conditional update.

    Only the round whose update matched sends, so two rounds never send the same message twice; and if the process
    dies mid-send the message is simply tried again later. No transaction is held while talking to the server.
    """
    attempts = mail.attempts + 1
    claimed = await OutgoingMail.filter(id=mail.id, status=MailStatus.QUEUED, attempts=mail.attempts).update(
        attempts=attempts, next_attempt_at=now + backoff(attempts))
    mail.attempts = attempts
    return bool(claimed)


async def _send(mail: OutgoingMail, settings: SmtpSettings) -> None:
    await aiosmtplib.send(
        build_message(mail, settings.sender), hostname=settings.host, port=settings.port,
        username=settings.user or None, password=settings.password or None,
        start_tls=settings.starttls, timeout=SMTP_TIMEOUT_SECONDS)


async def _record_failure(mail: OutgoingMail, error: Exception, report: DeliveryReport) -> None:
    text = f'{type(error).__name__}: {error}'[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        await OutgoingMail.filter(id=mail.id).update(status=MailStatus.FAILED, last_error=text)
        report.failed += 1
        log.warning('Mail %s to %s failed for good: %s', mail.id, mail.to_address, text)
    else:
        await OutgoingMail.filter(id=mail.id).update(last_error=text)
        report.retrying += 1
        log.info('Mail %s to %s failed (attempt %s), will retry: %s', mail.id, mail.to_address, mail.attempts, text)


def _domain_of(sender: str) -> str:
    address = sender.rsplit('<', 1)[-1].rstrip('>').strip()
    return address.rpartition('@')[2] or 'localhost'
