"""Standing agreements with the coordinator (DESIGN.md §1.2): while one is in force, no automatic deregistration."""
from __future__ import annotations

import datetime as dt

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, today
from models import Agreement, Membership

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text


async def grant_agreement(*, membership_id: int, note: str, until: dt.date | None = None, by: Actor,
                          now: dt.datetime) -> Agreement:
    note = clean_text(note).strip()
    if not note:
        raise DomainError(_('Write what was agreed.'), field='note')
    if until is not None and until < today(now):
        raise DomainError(_('The end date cannot be in the past.'), field='until')
    membership = await Membership.get_or_none(id=membership_id)
    if membership is None:
        raise DomainError(_('The membership does not exist.'))
    async with seat_lock(membership.network_id):  # serialised with closing, which reads agreements
        agreement = await Agreement.create(membership_id=membership_id, note=note, valid_from=today(now),
                                           valid_until=until, created_at=now)
        await log(by=by, now=now, subject='agreement', subject_id=agreement.id, network_id=membership.network_id,
                  person_id=membership.person_id, action='grant', to_value=until.isoformat() if until else '',
                  reason=note)
    events.membership.emit(membership.network_id)
    return agreement


async def end_agreement(*, agreement_id: int, by: Actor, now: dt.datetime) -> None:
    agreement = await Agreement.get_or_none(id=agreement_id).select_related('membership')
    if agreement is None or agreement.ended_at is not None:
        raise DomainError(_('The agreement has already ended.'))
    membership = agreement.membership
    async with seat_lock(membership.network_id):
        agreement.ended_at = now
        await agreement.save(update_fields=['ended_at'])
        await log(by=by, now=now, subject='agreement', subject_id=agreement.id, network_id=membership.network_id,
                  person_id=membership.person_id, action='end')
    events.membership.emit(membership.network_id)


async def agreements_of(membership_id: int) -> list[Agreement]:
    return await Agreement.filter(membership_id=membership_id).order_by('-created_at', '-id')
