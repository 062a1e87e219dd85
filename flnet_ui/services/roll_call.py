"""The roll call of a meeting (DESIGN.md §1.2-1.3): who is counted, what they answered, what is recorded, and their
current streak; starting the roll call fills in what the members answered beforehand.

Counted for a meeting: every active member whose current active period began before it started. Unanswered members
get no record here; closing the meeting makes them `absent` (attendance.close_meeting).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, danish_sort_key, today
from models import (
    Answer,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingResponse,
    MeetingStatus,
    Membership,
    MembershipStatus,
)

from .audit import Actor, log
from .errors import DomainError
from .networks import loaded
from .streaks import Streak, streaks_of

OPEN = (MeetingStatus.PLANNED, MeetingStatus.RUNNING)
PREFILL = {Answer.ATTENDING: AttendanceStatus.PRESENT, Answer.APOLOGY: AttendanceStatus.APOLOGY}


@dataclass(frozen=True)
class RollCallRow:
    membership_id: int
    name: str
    library: str
    status: AttendanceStatus | None   # None: not recorded yet ("ikke registreret")
    answer: Answer | None             # None: did not answer beforehand
    reason: str                       # the reason given with an apology
    streak: Streak
    active: bool                      # False for someone this meeting has since deregistered (shown with the record)


@dataclass
class RollCall:
    meeting: Meeting
    rows: list[RollCallRow] = field(default_factory=list)   # Danish order by name

    @property
    def counts(self) -> Counter[AttendanceStatus | None]:
        return Counter(row.status for row in self.rows)

    @property
    def is_open(self) -> bool:
        return self.meeting.status in OPEN


@dataclass
class Answers:
    attending: list[str] = field(default_factory=list)
    apology: list[tuple[str, str]] = field(default_factory=list)   # (name, reason)
    unanswered: list[str] = field(default_factory=list)


async def roll_call(meeting_id: int, *, now: dt.datetime) -> RollCall:
    """Every counted active member, and anyone else with a record for the meeting, with record, answer and streak."""
    meeting = await _meeting(meeting_id)
    records = {r.membership_id: r for r in await AttendanceRecord.filter(meeting_id=meeting_id)}
    counted = await _counted(meeting)
    others = await Membership.filter(id__in=set(records) - {m.id for m in counted})
    members = [*counted, *others]
    await Membership.fetch_for_list(members, 'person__library')
    responses = {r.membership_id: r for r in await MeetingResponse.filter(meeting_id=meeting_id)}
    # The streaks of exactly the people read above: "every active member", read a moment later, may already miss one
    # whom a close (on another process, say) has deregistered meanwhile.
    streaks = await streaks_of(await loaded(meeting.network_id), members, now=now)
    rows = []
    for member in members:
        record, response = records.get(member.id), responses.get(member.id)
        library = member.person.library
        rows.append(RollCallRow(member.id, member.person.name, library.name if library else '',
                                AttendanceStatus(record.status) if record else None,
                                Answer(response.answer) if response else None,
                                response.reason if response else '', streaks[member.id],
                                member.status == MembershipStatus.ACTIVE))
    rows.sort(key=lambda row: danish_sort_key(row.name))
    return RollCall(meeting, rows)


async def start_roll_call(*, meeting_id: int, by: Actor, now: dt.datetime) -> int:
    """Start the roll call on the day: the meeting is running, and each counted member who answered beforehand and
    has no record yet gets one from the answer (afbud -> apology, tilmeldt -> present). Safe to repeat: what the
    coordinator has recorded is never overwritten. Returns how many records were filled in."""
    meeting = await _meeting(meeting_id)
    async with seat_lock(meeting.network_id):
        meeting = await _meeting(meeting_id)
        if meeting.status not in OPEN:
            raise DomainError(_('The roll call can only be taken while the meeting is open. Reopen it first.'))
        if meeting.date > today(now):
            raise DomainError(_('The roll call can start on the day of the meeting.'))
        counted = {m.id for m in await _counted(meeting)}
        recorded = set(await AttendanceRecord.filter(meeting_id=meeting.id).values_list('membership_id', flat=True))
        responses = await MeetingResponse.filter(meeting_id=meeting.id, membership_id__in=list(counted - recorded))
        await AttendanceRecord.bulk_create([
            AttendanceRecord(meeting_id=meeting.id, membership_id=r.membership_id, status=PREFILL[Answer(r.answer)],
                             note=r.reason[:500], recorded_at=now) for r in responses])
        started = meeting.status == MeetingStatus.PLANNED
        prefilled = _('{count} filled in from the answers').format(count=len(responses))
        if started:
            meeting.status = MeetingStatus.RUNNING
            await meeting.save(update_fields=['status'])
            await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                      action='start roll call', from_value=MeetingStatus.PLANNED, to_value=MeetingStatus.RUNNING,
                      reason=prefilled)
        elif responses:
            await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                      action='prefill roll call', reason=prefilled)
    if started or responses:
        events.attendance.emit(meeting.network_id)
    if started:
        events.meetings.emit(meeting.network_id)
    return len(responses)


async def answers(meeting_id: int) -> Answers:
    """What the counted members answered before the meeting (names in Danish order)."""
    meeting = await _meeting(meeting_id)
    counted = await _counted(meeting)
    await Membership.fetch_for_list(counted, 'person')
    responses = {r.membership_id: r for r in await MeetingResponse.filter(meeting_id=meeting_id)}
    result = Answers()
    for member in sorted(counted, key=lambda m: danish_sort_key(m.person.name)):
        response = responses.get(member.id)
        if response is None:
            result.unanswered.append(member.person.name)
        elif response.answer == Answer.ATTENDING:
            result.attending.append(member.person.name)
        else:
            result.apology.append((member.person.name, response.reason))
    return result


async def attendance_lists(meeting_id: int) -> dict[AttendanceStatus, list[str]]:
    """The recorded attendance of a meeting by status, names in Danish order (for a held meeting: the minutes)."""
    records = await AttendanceRecord.filter(meeting_id=meeting_id).select_related('membership__person')
    lists: dict[AttendanceStatus, list[str]] = {status: [] for status in AttendanceStatus}
    for record in records:
        lists[AttendanceStatus(record.status)].append(record.membership.person.name)
    return {status: sorted(names, key=danish_sort_key) for status, names in lists.items()}


async def named(memberships: list[Membership]) -> list[tuple[int, str]]:
    """(membership id, name) of each, in Danish order: for the consequences a close shows (or previews)."""
    if not memberships:
        return []
    rows = await Membership.filter(id__in=[m.id for m in memberships]).values_list('id', 'person__name')
    return sorted(rows, key=lambda row: danish_sort_key(row[1]))


async def _counted(meeting: Meeting) -> list[Membership]:
    active = await Membership.filter(network_id=meeting.network_id, status=MembershipStatus.ACTIVE)
    return [m for m in active if m.active_since is None or m.active_since <= meeting.starts_at]


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting
