"""The audit trail (invariant I4): every status change says who, when, from, to and why."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import AttendanceRecord, AuditEntry, Meeting, Membership


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


@dataclass(frozen=True)
class Timeline:
    """A person's audit entries, oldest first, with the title of the meeting each answer or attendance correction
    concerns (by entry id): the entries name the meeting, or the attendance record, by id alone."""
    entries: list[AuditEntry]
    meeting_titles: dict[int, str]


async def timeline(*, person_id: int) -> Timeline:
    entries = await history(person_id=person_id)
    meeting_of = {e.id: e.subject_id for e in entries if e.subject == 'meeting' and e.subject_id is not None}
    record_of = {e.id: e.subject_id for e in entries if e.subject == 'attendance' and e.subject_id is not None}
    if record_of:
        meeting_of_record = dict(await AttendanceRecord.filter(id__in=set(record_of.values()))
                                 .values_list('id', 'meeting_id'))
        meeting_of |= {entry_id: meeting_of_record[record_id] for entry_id, record_id in record_of.items()
                       if record_id in meeting_of_record}
    titles: dict[int, str] = dict(await Meeting.filter(id__in=set(meeting_of.values())).values_list('id', 'title')) \
        if meeting_of else {}
    return Timeline(entries, {entry_id: titles[meeting_id] for entry_id, meeting_id in meeting_of.items()
                              if meeting_id in titles})
