"""The audit trail (invariant I4): every status change says who, when, from, to and why."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import AuditEntry, Membership


@dataclass(frozen=True)
class Actor:
    """Who asked for a change. A change the rules make on their own (an expired offer) is SYSTEM's; one they make
    because somebody acted (deregistrations when a coordinator closes a meeting) is logged under that person."""
    user_id: int | None
    name: str


SYSTEM = Actor(None, '')


async def log(*, by: Actor, now: dt.datetime, subject: str, action: str, network_id: int | None = None,
              subject_id: int | None = None, person_id: int | None = None, from_value: str = '', to_value: str = '',
              reason: str = '') -> AuditEntry:
    return await AuditEntry.create(at=now, network_id=network_id, actor_id=by.user_id, actor_name=by.name,
                                   subject=subject, subject_id=subject_id, person_id=person_id, action=action,
                                   from_value=from_value, to_value=to_value, reason=reason)


async def change_status(membership: Membership, to: str, *, by: Actor, now: dt.datetime, reason: str = '') -> None:
    """Move a membership to another status and write its audit entry; the caller holds the seat lock."""
    before = membership.status
    membership.status = to  # type: ignore[assignment]
    membership.status_changed_at = now
    await membership.save(update_fields=['status', 'status_changed_at', 'active_since', 'queue_at',
                                         'offer_expires_at', 'offer_reminded_at', 'deregistered_by_meeting_id'])
    await log(by=by, now=now, subject='membership', subject_id=membership.id, network_id=membership.network_id,
              person_id=membership.person_id, action='status', from_value=before, to_value=to, reason=reason)


async def history(*, person_id: int) -> list[AuditEntry]:
    return await AuditEntry.filter(person_id=person_id).order_by('at', 'id')
