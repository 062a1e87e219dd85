"""Attendance and closing a meeting (DESIGN.md §1.2): roll call, the three-in-a-row rule applied when the coordinator
closes, preview, closing twice, reopening to correct and closing again."""
import datetime as dt

import pytest

from flnet_ui.i18n import _
from flnet_ui.services import attendance, meetings, membership
from flnet_ui.services.attendance import REASON_THREE_IN_A_ROW
from flnet_ui.services.errors import DomainError
from models import AttendanceRecord, AttendanceStatus, AuditEntry, Meeting, MeetingStatus, MembershipStatus
from tests import factories as f
from tests.conftest import NOW

PRESENT, APOLOGY, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT
ACTIVE, DEREGISTERED = MembershipStatus.ACTIVE, MembershipStatus.DEREGISTERED
DAYS = [dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1)]


def evening(day):
    return dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC)


async def record(meeting, m, status, now=None):
    return await attendance.record_attendance(meeting_id=meeting.id, membership_id=m.id, status=status,
                                              by=f.COORDINATOR, now=now or evening(meeting.date))


async def close(meeting, *, now=None, preview=False):
    return await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now or evening(meeting.date),
                                          preview=preview)


async def reopen(meeting, reason='Forkert registreret'):
    await attendance.reopen_meeting(meeting_id=meeting.id, reason=reason, by=f.COORDINATOR,
                                    now=evening(meeting.date) + dt.timedelta(days=2))


async def two_missed_then_third_open():
    """Anne has missed two meetings; the third is held but not closed yet. Bo always comes; Carl waits for a seat."""
    net = await f.network(capacity=2)
    anne, bo, carl = await f.members(net, 3, now=NOW)
    for day in DAYS[:2]:
        await f.held_meeting(net, day, {bo.id: PRESENT, anne.id: APOLOGY})
    third = await f.held_meeting(net, DAYS[2], {bo.id: PRESENT}, close=False)
    return net, anne, bo, carl, third


async def test_attendance_is_recorded_and_a_correction_is_logged(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], close=False)
    first = await record(meeting, anne, APOLOGY)
    assert first.status == APOLOGY
    await record(meeting, anne, APOLOGY)
    assert not await AuditEntry.filter(subject='attendance').exists()  # the same answer again is no correction
    again = await record(meeting, anne, PRESENT)
    assert again.id == first.id and await AttendanceRecord.all().count() == 1
    entry = await AuditEntry.get(subject='attendance')
    assert (entry.action, entry.from_value, entry.to_value, entry.person_id) == (
        'correct', 'apology', 'present', anne.person_id)


async def test_attendance_cannot_be_recorded_on_a_closed_or_cancelled_meeting(db):
    net = await f.network()
    anne = await f.member(net, now=NOW)
    closed = await f.held_meeting(net, DAYS[0], {anne.id: PRESENT})
    cancelled = await f.held_meeting(net, DAYS[1], close=False)
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=f.COORDINATOR, now=NOW)
    for meeting in (closed, cancelled):
        with pytest.raises(DomainError):
            await record(meeting, anne, ABSENT)
    assert [r.status for r in await AttendanceRecord.all()] == [PRESENT]


async def test_attendance_only_for_members_of_the_meetings_network(db):
    net, other = await f.network(), await f.network()
    stranger = await f.member(other, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], close=False)
    with pytest.raises(DomainError):
        await record(meeting, stranger, PRESENT)
    with pytest.raises(DomainError):
        await attendance.record_attendance(meeting_id=99999, membership_id=stranger.id, status=PRESENT,
                                           by=f.COORDINATOR, now=NOW)


async def test_closing_marks_every_active_member_without_a_record_absent(db):
    net = await f.network(capacity=3)
    anne, bo, carl, waiting = await f.members(net, 4, now=NOW)
    pending = await f.member(net, now=NOW, approve=False)
    meeting = await f.held_meeting(net, DAYS[0], {anne.id: PRESENT, bo.id: APOLOGY}, close=False)
    result = await close(meeting)
    assert [m.id for m in result.marked_absent] == [carl.id] and not result.already_closed
    marks = {m_id: r.status for m_id, r in (await attendance.attendance_of(meeting.id)).items()}
    assert marks == {anne.id: PRESENT, bo.id: APOLOGY, carl.id: ABSENT}
    assert waiting.id not in marks and pending.id not in marks
    meeting = await Meeting.get(id=meeting.id)
    assert meeting.status == MeetingStatus.CLOSED and meeting.closed_at == evening(DAYS[0])
    entry = await AuditEntry.get(subject='meeting', action='close')
    assert (entry.from_value, entry.to_value) == (MeetingStatus.PLANNED, MeetingStatus.CLOSED)


async def test_someone_who_got_a_seat_after_the_meeting_began_is_not_marked_absent(db):
    net = await f.network(capacity=1)
    leaving, newcomer = await f.members(net, 2, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], {leaving.id: PRESENT}, close=False)
    await membership.resign(membership_id=leaving.id, by=f.COORDINATOR, now=meeting.starts_at + dt.timedelta(hours=1))
    assert await f.statuses(newcomer) == [ACTIVE]
    result = await close(meeting)
    assert result.marked_absent == []
    assert newcomer.id not in await attendance.attendance_of(meeting.id)


async def test_a_meeting_that_has_not_been_held_cannot_be_closed(db):
    net = await f.network()
    await f.member(net, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], close=False)
    with pytest.raises(DomainError):
        await close(meeting, now=evening(DAYS[0]) - dt.timedelta(days=1))
    assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.PLANNED
    assert await AttendanceRecord.all().count() == 0
    await close(meeting, now=dt.datetime.combine(DAYS[0], dt.time(14), tzinfo=dt.UTC))  # on the day itself


async def test_a_cancelled_meeting_cannot_be_closed(db):
    net = await f.network()
    await f.member(net, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], close=False)
    await meetings.cancel_meeting(meeting_id=meeting.id, reason='Sne', by=f.COORDINATOR, now=NOW)
    with pytest.raises(DomainError):
        await close(meeting)
    assert await AttendanceRecord.all().count() == 0


async def test_the_third_missed_meeting_in_a_row_deregisters_and_frees_the_seat(db):
    _net, anne, bo, carl, third = await two_missed_then_third_open()
    result = await close(third)
    assert [m.id for m in result.deregistered] == [anne.id] and [m.id for m in result.marked_absent] == [anne.id]
    assert [m.id for m in result.promoted] == [carl.id] and result.offered == []
    assert await f.statuses(anne, bo, carl) == [DEREGISTERED, ACTIVE, ACTIVE]
    anne = await f.refreshed(anne)
    assert anne.deregistered_by_meeting_id == third.id  # type: ignore[attr-defined]
    last = (await f.status_trail(anne))[-1]
    assert (last.from_value, last.to_value) == (ACTIVE, DEREGISTERED)
    assert last.reason == _(REASON_THREE_IN_A_ROW).format(limit=3) and last.at == evening(DAYS[2])
    for m in (anne, carl):
        await f.assert_audit_complete(m)


async def test_closing_twice_changes_nothing(db):
    _net, anne, _, carl, third = await two_missed_then_third_open()
    await close(third)
    counts = (await AuditEntry.all().count(), await AttendanceRecord.all().count())
    again = await close(third, now=evening(DAYS[3]))
    assert again.already_closed and again.deregistered == again.marked_absent == again.promoted == []
    assert (await AuditEntry.all().count(), await AttendanceRecord.all().count()) == counts
    assert (await Meeting.get(id=third.id)).closed_at == evening(DAYS[2])
    assert await f.statuses(anne, carl) == [DEREGISTERED, ACTIVE]


async def test_a_preview_changes_nothing_and_tells_exactly_what_closing_will_do(db):
    _net, anne, bo, carl, third = await two_missed_then_third_open()
    before = (await AuditEntry.all().count(), await AttendanceRecord.all().count())
    preview = await close(third, preview=True)
    assert (await AuditEntry.all().count(), await AttendanceRecord.all().count()) == before
    assert await f.statuses(anne, bo, carl) == [ACTIVE, ACTIVE, MembershipStatus.WAITLISTED]
    assert (await Meeting.get(id=third.id)).status == MeetingStatus.PLANNED
    assert await close(third, preview=True) == preview  # and again: nothing was left behind

    real = await close(third)
    for name in ('already_closed', 'marked_absent', 'deregistered', 'promoted', 'offered', 'no_longer_justified'):
        got, expected = getattr(real, name), getattr(preview, name)
        assert (got if isinstance(got, bool) else [m.id for m in got]) == \
            (expected if isinstance(expected, bool) else [m.id for m in expected]), name
    assert await close(third, preview=True) == type(real)(already_closed=True)


async def test_reopening_needs_a_reason_and_a_closed_meeting(db):
    net = await f.network()
    await f.member(net, now=NOW)
    meeting = await f.held_meeting(net, DAYS[0], close=False)
    with pytest.raises(DomainError):
        await reopen(meeting)
    await close(meeting)
    with pytest.raises(DomainError) as error:
        await reopen(meeting, reason='  ')
    assert error.value.field == 'reason'
    await reopen(meeting)
    assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.RUNNING
    entry = await AuditEntry.get(subject='meeting', action='reopen')
    assert (entry.from_value, entry.to_value, entry.reason) == ('closed', 'running', 'Forkert registreret')


async def test_a_correction_that_no_longer_justifies_a_deregistration_is_shown_not_undone(db):
    net, anne, bo, carl, third = await two_missed_then_third_open()
    await close(third)
    await reopen(third)
    await record(third, anne, PRESENT, now=evening(DAYS[2]) + dt.timedelta(days=2))
    result = await close(third, now=evening(DAYS[2]) + dt.timedelta(days=2))
    assert [m.id for m in result.no_longer_justified] == [anne.id]
    assert result.deregistered == result.marked_absent == result.promoted == []
    assert await f.statuses(anne, bo, carl) == [DEREGISTERED, ACTIVE, ACTIVE]  # never silently reinstated

    # The coordinator decides; the network is full, so Anne goes first on the waitlist.
    later_waiter = await f.member(net, now=evening(DAYS[2]))
    placement = await membership.reinstate(membership_id=anne.id, reason='Deltog alligevel', by=f.COORDINATOR,
                                           now=evening(DAYS[2]) + dt.timedelta(days=3))
    assert placement.promoted == []
    assert await f.waitlist_ids(net) == [anne.id, later_waiter.id]
    await f.assert_audit_complete(anne)


async def test_closing_again_without_a_correction_keeps_the_deregistration(db):
    _net, anne, _, carl, third = await two_missed_then_third_open()
    await close(third)
    await reopen(third)
    result = await close(third, now=evening(DAYS[2]) + dt.timedelta(days=2))
    assert result.no_longer_justified == result.deregistered == result.marked_absent == []
    assert await f.statuses(anne, carl) == [DEREGISTERED, ACTIVE]
    assert [e.to_value for e in await f.status_trail(anne)].count(DEREGISTERED) == 1


async def test_closing_again_after_a_correction_re_evaluates_the_rule(db):
    _net, anne, _bo, carl, third = await two_missed_then_third_open()
    await record(third, anne, PRESENT)
    assert (await close(third)).deregistered == []
    await reopen(third)
    await record(third, anne, ABSENT, now=evening(DAYS[2]) + dt.timedelta(days=2))
    result = await close(third, now=evening(DAYS[2]) + dt.timedelta(days=2))
    assert [m.id for m in result.deregistered] == [anne.id] and [m.id for m in result.promoted] == [carl.id]
    assert await f.statuses(anne, carl) == [DEREGISTERED, ACTIVE]
