"""Attendance and closing a meeting (DESIGN.md §1.2): record, close (or preview a close), reopen.

Closing is one transaction: unrecorded active members become absent, members whose streak reached the limit by
missing this meeting (and who have no agreement in force) are deregistered, and the freed seats go to the waitlist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flnet_ui import events, mail
from flnet_ui.db import seat_lock
from flnet_ui.i18n import N_, _
from models import (
    MISSED,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
)

from . import notices_meetings
from .audit import Actor, change_status, log
from .errors import DomainError
from .seats import fill_free_seats
from .streaks import agreements_in_force, network_streaks

REASON_THREE_IN_A_ROW = N_('{limit} meetings in a row without attending')


@dataclass
class CloseResult:
    already_closed: bool = False
    marked_absent: list[Membership] = field(default_factory=list)
    deregistered: list[Membership] = field(default_factory=list)
    promoted: list[Membership] = field(default_factory=list)
    offered: list[Membership] = field(default_factory=list)
    at_risk: list[Membership] = field(default_factory=list)  # one more missed meeting deregisters them (told by e-mail)
    # Deregistered by this meeting earlier, but the corrected attendance no longer justifies it: the coordinator
    # decides whether to reinstate (never undone silently).
    no_longer_justified: list[Membership] = field(default_factory=list)


class _Preview(Exception):
    """Raised inside the transaction to roll a preview back; carries the result out."""

    def __init__(self, result: CloseResult) -> None:
        self.result = result


async def record_attendance(*, meeting_id: int, membership_id: int, status: AttendanceStatus, note: str = '',
                            by: Actor, now: dt.datetime) -> AttendanceRecord:
    meeting = await _meeting(meeting_id)
    async with seat_lock(meeting.network_id):
        meeting = await _meeting(meeting_id)
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            raise DomainError(_('Attendance can only be changed while the meeting is open. Reopen it first.'))
        membership = await Membership.get_or_none(id=membership_id, network_id=meeting.network_id)
        if membership is None:
            raise DomainError(_('The member does not belong to this network.'))
        record = await AttendanceRecord.get_or_none(meeting_id=meeting_id, membership_id=membership_id)
        before = record.status if record else ''
        if record is None:
            record = AttendanceRecord(meeting_id=meeting_id, membership_id=membership_id)
        record.status, record.note, record.recorded_at = status, note.strip()[:500], now
        await record.save()
        if before and before != status:  # a correction of an earlier record is logged
            await log(by=by, now=now, subject='attendance', subject_id=record.id, network_id=meeting.network_id,
                      person_id=membership.person_id, action='correct', from_value=before, to_value=status)
    events.attendance.emit(meeting.network_id)
    return record


async def close_meeting(*, meeting_id: int, by: Actor, now: dt.datetime, preview: bool = False) -> CloseResult:
    """Close a held meeting and apply the three-in-a-row rule. With `preview`, compute exactly what closing would
    do (by doing it inside the transaction and rolling it back) and change nothing. Closing twice changes nothing."""
    meeting = await _meeting(meeting_id)
    try:
        async with seat_lock(meeting.network_id):
            result = await _close(await _meeting(meeting_id), by=by, now=now)
            if preview:
                raise _Preview(result)
    except _Preview as rolled_back:
        return rolled_back.result
    if not result.already_closed:
        mail.wake()
        events.attendance.emit(meeting.network_id)
        events.membership.emit(meeting.network_id)
    return result


async def _close(meeting: Meeting, *, by: Actor, now: dt.datetime) -> CloseResult:
    if meeting.status == MeetingStatus.CLOSED:
        return CloseResult(already_closed=True)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_('A cancelled meeting cannot be closed.'))
    if meeting.starts_at > now:
        raise DomainError(_('The meeting has not been held yet.'))
    network = await Network.get(id=meeting.network_id)
    result = CloseResult()
    recorded = set(await AttendanceRecord.filter(meeting_id=meeting.id).values_list('membership_id', flat=True))
    active = await Membership.filter(network_id=network.id, status=MembershipStatus.ACTIVE)
    counted = [m for m in active if m.active_since is None or m.active_since <= meeting.starts_at]
    result.marked_absent = [m for m in counted if m.id not in recorded]
    await AttendanceRecord.bulk_create([
        AttendanceRecord(meeting_id=meeting.id, membership_id=m.id, status=AttendanceStatus.ABSENT, recorded_at=now)
        for m in result.marked_absent])
    before, meeting.status, meeting.closed_at = meeting.status, MeetingStatus.CLOSED, now
    await meeting.save(update_fields=['status', 'closed_at'])
    await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=network.id, action='close',
              from_value=before, to_value=MeetingStatus.CLOSED,
              reason=_('{count} marked absent').format(count=len(result.marked_absent)))

    earlier = await Membership.filter(network_id=network.id, status=MembershipStatus.DEREGISTERED,
                                      deregistered_by_meeting_id=meeting.id)
    streaks = await network_streaks(network.id, now=now, extra_ids=[m.id for m in earlier])
    # The meeting is judged by the agreements in force on its day, or now (one granted after a preview): closing it
    # late, or again months later, must not deregister someone whose agreement covered it and has since run out.
    covered = await agreements_in_force(list(streaks), on=meeting.date)
    missed_here = set(await AttendanceRecord.filter(meeting_id=meeting.id, status__in=MISSED)
                      .values_list('membership_id', flat=True))
    reason = _(REASON_THREE_IN_A_ROW).format(limit=network.absence_limit)
    for member in counted:
        streak = streaks[member.id]
        if member.id in missed_here and streak.reached and not streak.agreement and member.id not in covered:
            member.deregistered_by_meeting_id = meeting.id  # type: ignore[assignment]
            await change_status(member, MembershipStatus.DEREGISTERED, by=by, now=now, reason=reason)
            result.deregistered.append(member)
            await notices_meetings.deregistered(member, network, meeting, by=by, now=now)
        elif member.id in missed_here and streak.count == network.absence_limit - 1 and not streak.agreement \
                and member.id not in covered:
            result.at_risk.append(member)
            await notices_meetings.at_risk(member, network, meeting, by=by, now=now)
    result.no_longer_justified = [m for m in earlier
                                  if not streaks[m.id].reached or streaks[m.id].agreement or m.id in covered]
    placement = await fill_free_seats(network, by=by, now=now)
    result.promoted, result.offered = placement.promoted, placement.offered
    return result


async def reopen_meeting(*, meeting_id: int, reason: str, by: Actor, now: dt.datetime) -> None:
    """Open a closed meeting again to correct its attendance. Closing it again re-evaluates the rule."""
    if not reason.strip():
        raise DomainError(_('Write a reason.'), field='reason')
    meeting = await _meeting(meeting_id)
    async with seat_lock(meeting.network_id):
        meeting = await _meeting(meeting_id)
        if meeting.status != MeetingStatus.CLOSED:
            raise DomainError(_('Only a closed meeting can be reopened.'))
        meeting.status, meeting.closed_at = MeetingStatus.RUNNING, None
        await meeting.save(update_fields=['status', 'closed_at'])
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                  action='reopen', from_value=MeetingStatus.CLOSED, to_value=MeetingStatus.RUNNING,
                  reason=reason.strip())
    events.attendance.emit(meeting.network_id)
    events.meetings.emit(meeting.network_id)


async def attendance_of(meeting_id: int) -> dict[int, AttendanceRecord]:
    return {r.membership_id: r for r in await AttendanceRecord.filter(meeting_id=meeting_id)}


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting
