"""What happens because time passes: meeting reminders, offer reminders and expired offers (issue 4 §4, I2).

`run_due(now=)` does all of it for every network and is safe to run at any time, as often as wanted: each reminder is
claimed in the database before it is written, so it goes once. `start_job_loop()` runs it once a minute after start
and then every ten minutes in the background; the mail itself goes out through flnet_ui.mail's delivery loop.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from nicegui import background_tasks
from tortoise.transactions import in_transaction

from flnet_ui import mail
from flnet_ui.i18n import _
from models import Membership, MembershipStatus, Network

from . import invitations, notices, offers
from .audit import Actor, log
from .errors import DomainError

log_ = logging.getLogger('flnet.jobs')

INTERVAL_SECONDS = 10 * 60
# The first round waits until the app has settled after a start (and stays out of the way of the short-lived apps
# the page tests start, which build their own scenes and would race with it).
FIRST_ROUND_DELAY_SECONDS = 60


@dataclass
class JobReport:
    meetings_reminded: int = 0
    offers_reminded: int = 0
    offers_expired: int = 0

    def __str__(self) -> str:
        return (f'meetings reminded {self.meetings_reminded}, offers reminded {self.offers_reminded}, '
                f'offers expired {self.offers_expired}')


async def run_due(*, now: dt.datetime) -> JobReport:
    """Everything that is due at `now`, in every network. Expiry comes first, so nobody is reminded of an offer
    that has just run out."""
    report = JobReport()
    for network in await Network.all().order_by('id'):
        network_id = network.id
        overdue = await Membership.filter(network_id=network_id, status=MembershipStatus.OFFERED,
                                          offer_expires_at__lte=now).count()
        if overdue:
            await offers.expire_offers(network_id=network_id, now=now)
            report.offers_expired += overdue
        for membership in await offers.offers_due_reminder(network_id=network_id, now=now):
            if await _remind_offer(membership.id, now=now):
                report.offers_reminded += 1
        report.meetings_reminded += await invitations.send_due_reminders(network_id=network_id, now=now)
    if report.offers_reminded:
        mail.wake()
    return report


async def send_offer_reminder(*, membership_id: int, by: Actor, now: dt.datetime) -> None:
    """The coordinator's "send reminder" on an open offer: the same message the job sends, once."""
    membership = await Membership.get_or_none(id=membership_id)
    if membership is None or membership.status != MembershipStatus.OFFERED:
        raise DomainError(_('There is no open offer of a seat.'))
    if not await _remind_offer(membership_id, now=now, by=by):
        raise DomainError(_('A reminder has already been sent.'))
    mail.wake()


def start_job_loop() -> asyncio.Task[None]:
    """Start the background job (call from app.on_startup, once the database is open)."""
    return background_tasks.create(_job_loop(), name='flnet reminders and expiries')


async def _job_loop() -> None:
    await asyncio.sleep(FIRST_ROUND_DELAY_SECONDS)
    while True:
        try:
            report = await run_due(now=dt.datetime.now(dt.UTC))
            if report.meetings_reminded or report.offers_reminded or report.offers_expired:
                log_.info('Reminders and expiries: %s', report)
        except Exception:  # e.g. the database briefly unavailable: try again next round
            log_.warning('Reminders and expiries round failed', exc_info=True)
        await asyncio.sleep(INTERVAL_SECONDS)


async def _remind_offer(membership_id: int, *, now: dt.datetime, by: Actor | None = None) -> bool:
    """Claim the reminder (one conditional update), then queue it in the same transaction. False: already sent."""
    async with in_transaction():
        claimed = await Membership.filter(id=membership_id, status=MembershipStatus.OFFERED, offer_reminded_at=None,
                                          offer_expires_at__gt=now).update(offer_reminded_at=now)
        if not claimed:
            return False
        membership = await Membership.get(id=membership_id)
        await notices.offer_reminder(membership, await Network.get(id=membership.network_id), now=now)
        if by is not None:
            await log(by=by, now=now, subject='membership', subject_id=membership.id,
                      network_id=membership.network_id, person_id=membership.person_id, action='remind',
                      reason=_('Reminder of the offered seat sent by e-mail'))
    return True
