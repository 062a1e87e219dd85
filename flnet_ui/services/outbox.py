"""The coordinator's view of the outbox (issue 4 §4): what is waiting, sent and failed, and sending a failed message
again. Reading is plain; sending again is a change and is audited (who, when)."""
from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from flnet_ui import events, mail
from flnet_ui.i18n import _
from models import MailStatus, OutgoingMail

from .audit import Actor, log
from .errors import DomainError

SHOWN = 200


def smtp_configured() -> bool:
    """False when no SMTP server is set up: messages then stay in the outbox, readable, and are not sent."""
    return mail.smtp_settings() is not None


async def messages(*, status: MailStatus | None = None, limit: int = SHOWN) -> list[OutgoingMail]:
    """Newest first, optionally only one status."""
    return await mail.outbox(status=status, limit=limit)


async def message(mail_id: int) -> OutgoingMail:
    found = await OutgoingMail.get_or_none(id=mail_id)
    if found is None:
        raise DomainError(_('The message does not exist.'))
    return found


async def counts() -> dict[MailStatus, int]:
    """How many messages have each status."""
    return {status: await OutgoingMail.filter(status=status).count() for status in MailStatus}


async def failed_count() -> int:
    return await OutgoingMail.filter(status=MailStatus.FAILED).count()


async def send_again(*, mail_id: int, by: Actor, now: dt.datetime) -> None:
    """Put a failed message back in the queue with fresh attempts; the delivery loop sends it at once."""
    found = await message(mail_id)
    async with in_transaction():
        if not await mail.requeue_failed(mail_id=mail_id, now=now):
            raise DomainError(_('Only a failed message can be sent again.'))
        await log(by=by, now=now, subject='mail', subject_id=mail_id, network_id=found.network_id, action='retry',
                  from_value=MailStatus.FAILED, to_value=MailStatus.QUEUED, reason=found.to_address)
    mail.wake()
    events.mail.emit(found.network_id)
