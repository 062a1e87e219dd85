"""The roll call (DESIGN.md §1.2-1.3): who is listed, what they answered, their streak, and starting the roll call
from the answers (persisted, idempotent, never overwriting what the coordinator recorded)."""
import datetime as dt
from types import SimpleNamespace

import pytest

from flnet_ui.services import attendance, membership, roll_call
from flnet_ui.services.errors import DomainError
from models import Answer, AttendanceStatus, AuditEntry, MeetingResponse, MeetingStatus, Membership, MembershipStatus
from tests import factories as f
from tests.conftest import NOW

PRESENT, APOLOGY, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGY, AttendanceStatus.ABSENT
DAY = NOW.date()  # the meeting is today, 10-15 Danish time; NOW is 10:00 Danish time


async def answer(meeting, m, value, reason=''):
    await MeetingResponse.create(meeting_id=meeting.id, membership_id=m.id, answer=value, reason=reason,
                                 answered_at=NOW - dt.timedelta(days=3))


async def setting():
    """Åse answered afbud, Bo tilmeldt, Carl did not answer; Åse missed the meeting before."""
    net = await f.network()
    aase = await f.member(net, now=NOW - dt.timedelta(days=200), name='Åse Ørum')
    bo = await f.member(net, now=NOW - dt.timedelta(days=200), name='Bo Andersen')
    carl = await f.member(net, now=NOW - dt.timedelta(days=200), name='Carl Ærø')
    await f.held_meeting(net, dt.date(2025, 10, 8), {aase.id: APOLOGY, bo.id: PRESENT, carl.id: PRESENT})
    meeting = await f.held_meeting(net, DAY, close=False)
    await answer(meeting, aase, Answer.APOLOGY, 'Syg')
    await answer(meeting, bo, Answer.ATTENDING)
    return SimpleNamespace(net=net, meeting=meeting, aase=aase, bo=bo, carl=carl)


async def test_the_list_has_every_counted_member_in_danish_order_with_answer_record_and_streak(db):
    s = await setting()
    late = await f.member(s.net, now=NOW + dt.timedelta(hours=2), name='Dorthe Sen')  # active after the start
    await f.member(s.net, now=NOW, name='Eva Venter', approve=False)                  # only an application

    listed = await roll_call.roll_call(s.meeting.id, now=NOW)

    assert [row.name for row in listed.rows] == ['Bo Andersen', 'Carl Ærø', 'Åse Ørum']
    assert late.id not in {row.membership_id for row in listed.rows}
    by_id = {row.membership_id: row for row in listed.rows}
    aase = by_id[s.aase.id]
    assert (aase.answer, aase.reason, aase.status) == (Answer.APOLOGY, 'Syg', None)
    assert by_id[s.bo.id].answer == Answer.ATTENDING and by_id[s.carl.id].answer is None
    assert (by_id[s.aase.id].streak.count, by_id[s.bo.id].streak.count) == (1, 0)
    assert listed.counts[None] == 3 and listed.is_open


async def test_start_roll_call_persists_the_answers_marks_the_meeting_running_and_audits(db):
    s = await setting()

    filled = await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW)

    assert filled == 2
    records = await attendance.attendance_of(s.meeting.id)
    assert {k: (r.status, r.note) for k, r in records.items()} == {s.aase.id: (APOLOGY, 'Syg'),
                                                                   s.bo.id: (PRESENT, '')}
    listed = await roll_call.roll_call(s.meeting.id, now=NOW)
    assert listed.meeting.status == MeetingStatus.RUNNING
    assert (listed.counts[PRESENT], listed.counts[APOLOGY], listed.counts[None]) == (1, 1, 1)
    entry = await AuditEntry.get(subject='meeting', subject_id=s.meeting.id, action='start roll call')
    assert (entry.from_value, entry.to_value, entry.actor_name) == ('planned', 'running', f.COORDINATOR.name)


async def test_starting_again_changes_nothing_the_coordinator_recorded_and_fills_in_late_answers(db):
    s = await setting()
    await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW)
    await attendance.record_attendance(meeting_id=s.meeting.id, membership_id=s.aase.id, status=PRESENT,
                                       by=f.COORDINATOR, now=NOW)  # came after all
    assert await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW) == 0
    assert (await attendance.attendance_of(s.meeting.id))[s.aase.id].status == PRESENT
    await answer(s.meeting, s.carl, Answer.APOLOGY)
    assert await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW) == 1
    assert (await attendance.attendance_of(s.meeting.id))[s.carl.id].status == APOLOGY
    assert await AuditEntry.filter(subject='meeting', subject_id=s.meeting.id, action='start roll call').count() == 1


async def test_closing_after_the_roll_call_makes_the_unanswered_absent(db):
    s = await setting()
    await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW)
    result = await attendance.close_meeting(meeting_id=s.meeting.id, by=f.COORDINATOR,
                                            now=NOW + dt.timedelta(hours=8))
    assert [m.id for m in result.marked_absent] == [s.carl.id]
    lists = await roll_call.attendance_lists(s.meeting.id)
    assert (lists[PRESENT], lists[APOLOGY], lists[ABSENT]) == (['Bo Andersen'], ['Åse Ørum'], ['Carl Ærø'])


async def test_the_roll_call_cannot_start_before_the_day_or_on_a_closed_meeting(db):
    s = await setting()
    with pytest.raises(DomainError):
        await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW - dt.timedelta(days=1))
    await attendance.close_meeting(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW + dt.timedelta(hours=8))
    with pytest.raises(DomainError):
        await roll_call.start_roll_call(meeting_id=s.meeting.id, by=f.COORDINATOR, now=NOW + dt.timedelta(hours=9))
    assert not await AuditEntry.exists(subject='meeting', subject_id=s.meeting.id, action='start roll call')


async def test_someone_the_meeting_deregistered_stays_in_its_list_with_their_record(db):
    net = await f.network(absence_limit=1)
    gone, stays = await f.members(net, 2, now=NOW - dt.timedelta(days=10))
    meeting = await f.held_meeting(net, DAY, {stays.id: PRESENT})
    listed = await roll_call.roll_call(meeting.id, now=NOW + dt.timedelta(hours=9))
    by_id = {row.membership_id: row for row in listed.rows}
    assert (by_id[gone.id].status, by_id[gone.id].active) == (ABSENT, False)
    assert by_id[stays.id].active and not listed.is_open


async def test_a_member_deregistered_while_the_list_is_read_keeps_the_streak_read_with_them(db, monkeypatch):
    """A close on another process may deregister someone between the list's reads of the members and of the streaks
    (the four-process drill did): the list still draws, with the streak of everyone it read."""
    s = await setting()
    fetch_for_list = Membership.fetch_for_list

    async def then_a_close_elsewhere_deregisters_carl(members, *related):
        await fetch_for_list(members, *related)
        await Membership.filter(id=s.carl.id).update(status=MembershipStatus.DEREGISTERED)
    monkeypatch.setattr(Membership, 'fetch_for_list', then_a_close_elsewhere_deregisters_carl)

    listed = await roll_call.roll_call(s.meeting.id, now=NOW)

    by_id = {row.membership_id: row for row in listed.rows}
    assert set(by_id) == {s.aase.id, s.bo.id, s.carl.id}
    assert (by_id[s.carl.id].streak.count, by_id[s.aase.id].streak.count) == (0, 1)


async def test_answers_count_only_counted_members(db):
    s = await setting()
    other = await f.member(s.net, now=NOW - dt.timedelta(days=100), name='Åge Lund')
    await membership.resign(membership_id=other.id, by=f.COORDINATOR, now=NOW - dt.timedelta(days=5))
    await answer(s.meeting, other, Answer.ATTENDING)
    result = await roll_call.answers(s.meeting.id)
    assert (result.attending, result.apology, result.unanswered) == (['Bo Andersen'], [('Åse Ørum', 'Syg')],
                                                                     ['Carl Ærø'])
