"""Membership verbs (DESIGN.md §1.1): apply, approve, reject, resign, withdraw, move, reinstate, change capacity.

Each one: check → raise DomainError → change inside the seat lock → audit → emit the live event after the commit.
"""
from __future__ import annotations

import datetime as dt
import re

from tortoise.exceptions import IntegrityError

from flnet_ui import events, mail
from flnet_ui.db import in_open_transaction, seat_lock
from flnet_ui.i18n import _
from flnet_ui.labels import MEMBERSHIP_STATUS
from models import FORMER, Library, Membership, MembershipStatus, Network, Person

from . import notices
from .audit import Actor, change_status, log
from .errors import DomainError
from .inputs import clean_text, has_unstorable, is_whole
from .seats import Placement, fill_free_seats, place, put_in_queue, waitlisted

EMAIL = re.compile(r'^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>".]{2,}$')
PHONE = re.compile(r'^\+?[0-9 ()-]{6,20}$')
MAX_TEXT, MAX_PHONE = 200, 40  # names and job titles, phone numbers: the database's columns
MAX_CAPACITY = 1000


async def apply(*, network_id: int, name: str, email: str, library_id: int | None = None, job_title: str = '',
                phone: str = '', motivation: str = '', approve: bool = False, consented: bool = False, by: Actor,
                now: dt.datetime) -> Membership:
    """An application to the network. With `approve` (the coordinator enters it) it is placed at once: a seat if one
    is free, otherwise the waitlist. Without, it waits for review as pending and the applicant gets a receipt by
    e-mail. A former member may apply again. `consented`: the applicant agreed to the handling of their data."""
    name, email = _clean_name(name), _clean_email(email)
    phone, job_title, motivation = _storable_phone(phone), _clean_job_title(job_title), clean_text(motivation).strip()
    if library_id is not None and not await Library.exists(id=library_id):
        raise DomainError(_('Choose a library from the list.'), field='library')
    try:
        async with seat_lock(network_id):
            network = await Network.get(id=network_id)
            person = await Person.get_or_none(email=email)
            if person is None:
                person = await Person.create(name=name, email=email, library_id=library_id, job_title=job_title,
                                             phone=phone)
            if consented:
                person.consent_at = now
                await person.save(update_fields=['consent_at'])
            membership = await Membership.get_or_none(person=person, network_id=network_id)
            if membership is not None and membership.status not in FORMER:
                raise DomainError(_('This e-mail address already has an application or a membership.'),
                                  field='email')
            if membership is None:
                membership = Membership(person=person, network_id=network_id)
            membership.motivation = motivation
            membership.applied_at = membership.queue_at = membership.status_changed_at = now
            before = membership.status if membership.id else ''
            membership.status = MembershipStatus.PENDING
            await membership.save()
            await log(by=by, now=now, subject='membership', subject_id=membership.id, network_id=network_id,
                      person_id=person.id, action='status', from_value=before, to_value=MembershipStatus.PENDING,
                      reason=_('Application received'))
            if approve:
                placement = await place(membership, network, by=by, now=now, reason=_('Application approved'))
                await notices.approved(membership, network, placement, by=by, now=now)
            else:
                await notices.application_received(membership, person, network, now=now)
    except IntegrityError as error:  # the same e-mail applied at the same moment in another network
        raise DomainError(_('This e-mail address already has an application or a membership.'), field='email') \
            from error
    # NOTE: the public form and the CSV import apply inside a transaction of their own; they wake the mail and emit
    # after their commit (see in_open_transaction for what emitting before it does).
    if not in_open_transaction():
        mail.wake()
        events.membership.emit(network_id)
    return membership


async def approve(*, membership_id: int, by: Actor, now: dt.datetime) -> Placement:
    membership = await _get(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _expect(membership_id, MembershipStatus.PENDING)
        network = await Network.get(id=membership.network_id)
        placement = await place(membership, network, by=by, now=now, reason=_('Application approved'))
        await notices.approved(membership, network, placement, by=by, now=now)
    mail.wake()
    events.membership.emit(membership.network_id)
    return placement


async def reject(*, membership_id: int, reason: str, by: Actor, now: dt.datetime) -> None:
    """Turn down an application. The applicant is told by e-mail, with the reason."""
    reason = _required_reason(reason)
    membership = await _get(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _expect(membership_id, MembershipStatus.PENDING)
        await change_status(membership, MembershipStatus.REJECTED, by=by, now=now, reason=reason)
        network = await Network.get(id=membership.network_id)
        await notices.rejected(membership, network, reason=reason, by=by, now=now)
    mail.wake()
    events.membership.emit(membership.network_id)


async def resign(*, membership_id: int, reason: str = '', by: Actor, now: dt.datetime) -> Placement:
    """Leave the network by choice; the freed seat goes to the waitlist."""
    return await _simple_change(membership_id, (MembershipStatus.ACTIVE, MembershipStatus.OFFERED),
                                MembershipStatus.RESIGNED, clean_text(reason).strip() or _('Resigned'), by=by, now=now)


async def withdraw(*, membership_id: int, reason: str = '', by: Actor, now: dt.datetime) -> Placement:
    """Leave the waitlist (or withdraw an application, or turn down an offered seat for good)."""
    return await _simple_change(
        membership_id, (MembershipStatus.WAITLISTED, MembershipStatus.PENDING, MembershipStatus.OFFERED),
        MembershipStatus.WITHDRAWN, clean_text(reason).strip() or _('Left the waitlist'), by=by, now=now)


async def move_in_waitlist(*, membership_id: int, position: int, reason: str, by: Actor, now: dt.datetime) -> None:
    """A coordinator's exception to first come, first served: only with a written reason, and logged."""
    reason = _required_reason(reason)
    membership = await _get(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _expect(membership_id, MembershipStatus.WAITLISTED)
        before = await waitlisted(membership.network_id).values_list('id', flat=True)
        if not is_whole(position, 1, len(before)):
            raise DomainError(_('Choose a position from 1 to {count}.').format(count=len(before)), field='position')
        old_position = list(before).index(membership.id) + 1
        if old_position == position:
            return
        await put_in_queue(membership, position)
        await log(by=by, now=now, subject='membership', subject_id=membership.id, network_id=membership.network_id,
                  person_id=membership.person_id, action='move', from_value=str(old_position),
                  to_value=str(position), reason=reason)
    events.membership.emit(membership.network_id)


async def reinstate(*, membership_id: int, reason: str, by: Actor, now: dt.datetime) -> Placement:
    """Bring a former member back. The capacity holds: if the network is full, the person goes first on the waitlist."""
    reason = _required_reason(reason)
    membership = await _get(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _expect(membership_id, *FORMER)
        network = await Network.get(id=membership.network_id)
        await put_in_queue(membership, 1)  # first in line, in case the network is full
        placement = await place(membership, network, by=by, now=now, reason=reason)
    mail.wake()
    events.membership.emit(membership.network_id)
    return placement


async def set_capacity(*, network_id: int, capacity: int, reason: str = '', by: Actor, now: dt.datetime) -> Placement:
    """Raising the capacity seats people from the waitlist at once; lowering never removes an active member."""
    if not is_whole(capacity, 1, MAX_CAPACITY):
        raise DomainError(_('The capacity must be a whole number from 1 to {max}.').format(max=MAX_CAPACITY),
                          field='capacity')
    async with seat_lock(network_id):
        network = await Network.get(id=network_id)
        if network.capacity == capacity:
            return Placement()
        before, network.capacity = network.capacity, capacity
        await network.save(update_fields=['capacity'])
        await log(by=by, now=now, subject='network', subject_id=network_id, network_id=network_id, action='capacity',
                  from_value=str(before), to_value=str(capacity), reason=clean_text(reason).strip())
        placement = await fill_free_seats(network, by=by, now=now)
    mail.wake()
    events.membership.emit(network_id)
    return placement


async def _simple_change(membership_id: int, allowed: tuple[MembershipStatus, ...], to: MembershipStatus, reason: str,
                         *, by: Actor, now: dt.datetime) -> Placement:
    membership = await _get(membership_id)
    async with seat_lock(membership.network_id):
        membership = await _expect(membership_id, *allowed)
        membership.offer_expires_at = membership.offer_reminded_at = None
        await change_status(membership, to, by=by, now=now, reason=reason)
        placement = await fill_free_seats(await Network.get(id=membership.network_id), by=by, now=now)
    mail.wake()  # the seats it filled were announced by e-mail
    events.membership.emit(membership.network_id)
    return placement


async def _get(membership_id: int) -> Membership:
    membership = await Membership.get_or_none(id=membership_id)
    if membership is None:
        raise DomainError(_('The membership does not exist.'))
    return membership


async def _expect(membership_id: int, *allowed: MembershipStatus) -> Membership:
    """Re-read inside the lock: the status may have changed since the page showed it."""
    membership = await _get(membership_id)
    if membership.status not in allowed:
        raise DomainError(_('This cannot be done while the status is "{status}".').format(
            status=status_label(membership.status)))
    return membership


def _required_reason(reason: str) -> str:
    reason = clean_text(reason).strip()
    if not reason:
        raise DomainError(_('Write a reason.'), field='reason')
    return reason


def _clean_name(name: str) -> str:
    name = ' '.join(clean_text(name).split())
    if not name:
        raise DomainError(_('Write the name.'), field='name')
    if len(name) > MAX_TEXT:
        raise DomainError(_('The name can be at most 200 characters.'), field='name')
    return name


def _clean_email(email: str) -> str:
    email = (email or '').strip().lower()
    if not email:
        raise DomainError(_('Write the e-mail address.'), field='email')
    if len(email) > 254 or not EMAIL.match(email) or has_unstorable(email):  # an address is refused, never changed
        raise DomainError(_('Write a valid e-mail address, e.g. navn@bibliotek.dk.'), field='email')
    return email


def _clean_phone(phone: str) -> str:
    phone = ' '.join(clean_text(phone).split())
    if phone and not PHONE.match(phone):
        raise DomainError(_('Write a valid phone number, e.g. +45 12 34 56 78.'), field='phone')
    return phone


def _storable_phone(phone: str) -> str:
    """A phone number as an imported list writes it ('8612 3456 (arbejde)'), as long as the column holds it."""
    phone = clean_text(phone).strip()
    if len(phone) > MAX_PHONE:
        raise DomainError(_('Write a valid phone number, e.g. +45 12 34 56 78.'), field='phone')
    return phone


def _clean_job_title(job_title: str) -> str:
    job_title = clean_text(job_title).strip()
    if len(job_title) > MAX_TEXT:
        raise DomainError(_('The job title can be at most 200 characters.'), field='job_title')
    return job_title


def status_label(status: str) -> str:
    return _(MEMBERSHIP_STATUS[MembershipStatus(status)])


__all__ = ['apply', 'approve', 'move_in_waitlist', 'reinstate', 'reject', 'resign', 'set_capacity',
           'withdraw']
