"""Offer mode (DESIGN.md §1.1, I2): a freed seat is offered to the first on the waitlist for a window of days.

Accepting takes the seat. Declining either leaves the waitlist or, if the person wants to stay, goes to the back of
it; an offer nobody answered in time goes to the back too. Either way the seat passes on at once.
"""
from __future__ import annotations

import datetime as dt

from flnet_ui import events, mail
from flnet_ui.db import seat_lock
from flnet_ui.i18n import N_, _
from models import Membership, MembershipStatus, Network

from . import notices
from .audit import SYSTEM, Actor, change_status
from .errors import DomainError
from .seats import Placement, activate, fill_free_seats, put_in_queue

REASON_EXPIRED = N_('The offer expired without an answer')


async def accept_offer(*, membership_id: int, by: Actor, now: dt.datetime) -> None:
    membership = await _offer(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _offer(membership_id)
        if membership.offer_expires_at is not None and membership.offer_expires_at <= now:
            raise DomainError(_('The offer has expired.'))
        await activate(membership, by=by, now=now, reason=_('Accepted the offered seat'))
        await notices.offer_accepted(membership, await Network.get(id=membership.network_id), by=by, now=now)
    mail.wake()
    events.membership.emit(membership.network_id)


async def decline_offer(*, membership_id: int, keep_place: bool, by: Actor, now: dt.datetime) -> Placement:
    """Turn down the seat. With keep_place the person stays on the waitlist, at the back; otherwise they leave it."""
    membership = await _offer(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _offer(membership_id)
        if keep_place:
            await _back_of_queue(membership, by=by, now=now, reason=_('Declined the offer, stays on the waitlist'))
        else:
            membership.offer_expires_at = None
            await change_status(membership, MembershipStatus.WITHDRAWN, by=by, now=now,
                                reason=_('Declined the offer and left the waitlist'))
        placement = await fill_free_seats(await Network.get(id=membership.network_id), by=by, now=now)
    mail.wake()
    events.membership.emit(membership.network_id)
    return placement


async def expire_offers(*, network_id: int, now: dt.datetime) -> Placement:
    """Pass on every seat whose offer has run out. Safe to call at any time, as often as wanted."""
    placement = Placement()
    if not await _overdue(network_id, now).exists():
        return placement
    async with seat_lock(network_id):
        network = await Network.get(id=network_id)
        expired = await _overdue(network_id, now)
        for membership in expired:
            await _back_of_queue(membership, by=SYSTEM, now=now, reason=_(REASON_EXPIRED))
        placement.extend(await fill_free_seats(network, by=SYSTEM, now=now))
        offered_again = {m.id for m in placement.offered}  # the only one waiting gets the seat offered anew
        for membership in expired:  # after the seats moved on, so the position told is the current one
            if membership.id not in offered_again:
                await notices.offer_expired(membership, network, now=now)
    mail.wake()
    events.membership.emit(network_id)
    return placement


async def offers_due_reminder(*, network_id: int, now: dt.datetime) -> list[Membership]:
    """Open offers that end within the network's reminder window and have not been reminded yet."""
    network = await Network.get(id=network_id)
    soon = now + dt.timedelta(days=network.offer_reminder_days)
    return await Membership.filter(network_id=network_id, status=MembershipStatus.OFFERED, offer_reminded_at=None,
                                   offer_expires_at__lte=soon, offer_expires_at__gt=now).select_related('person')


async def mark_reminded(*, membership_id: int, now: dt.datetime) -> None:
    await Membership.filter(id=membership_id, status=MembershipStatus.OFFERED).update(offer_reminded_at=now)


async def _back_of_queue(membership: Membership, *, by: Actor, now: dt.datetime, reason: str) -> None:
    membership.offer_expires_at = None
    membership.offer_reminded_at = None
    membership.queue_at = now
    await put_in_queue(membership, 10**9)
    await change_status(membership, MembershipStatus.WAITLISTED, by=by, now=now, reason=reason)


def _overdue(network_id: int, now: dt.datetime):  # type: ignore[no-untyped-def]
    return Membership.filter(network_id=network_id, status=MembershipStatus.OFFERED, offer_expires_at__lte=now)


async def _offer(membership_id: int) -> Membership:
    membership = await Membership.get_or_none(id=membership_id)
    if membership is None or membership.status != MembershipStatus.OFFERED:
        raise DomainError(_('There is no open offer of a seat.'))
    return membership
