"""Mødestyring and the display link (issue 5 §3-4): start, moving between items, the countdown arithmetic with pause
and extra time, the message, refusals for meetings that are over, the audit trail and the board read model."""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from flnet_ui.services import attendance, display, meeting_control, meetings
from flnet_ui.services.errors import DomainError
from models import (
    AgendaItem,
    AgendaKind,
    AttendanceRecord,
    AuditEntry,
    Meeting,
    MeetingControl,
    MeetingResponse,
    MeetingStatus,
    Network,
    WorkGroup,
    WorkGroupMember,
)
from tests import factories as f
from tests.conftest import NOW

pytestmark = pytest.mark.usefixtures('db')
BY = f.COORDINATOR
MINUTE = dt.timedelta(minutes=1)


async def meeting_today(net: Network, *kinds: tuple[str, int, AgendaKind]) -> Meeting:
    meeting = await meetings.plan_meeting(network_id=net.id, title='Forårets temadag', date=NOW.date(),
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=BY, now=NOW - 60 * MINUTE)
    for position, (title, minutes, kind) in enumerate(kinds or (('Velkomst', 10, AgendaKind.WELCOME),
                                                                ('Oplæg', 30, AgendaKind.TALK),
                                                                ('Grupper', 20, AgendaKind.GROUP_WORK))):
        await AgendaItem.create(meeting=meeting, position=position, title=title, duration_minutes=minutes, kind=kind,
                                created_at=NOW, updated_at=NOW)
    return meeting


async def titles(meeting: Meeting) -> str | None:
    control = await MeetingControl.get(meeting_id=meeting.id).select_related('current_item')
    return control.current_item.title if control.current_item else None


async def left(meeting: Meeting, at: dt.datetime) -> int | None:
    control = await MeetingControl.get(meeting_id=meeting.id).select_related('current_item')
    return meeting_control.countdown(control, control.current_item, at)


async def test_start_runs_the_meeting_and_makes_the_first_item_current() -> None:
    net = await f.network()
    anne = await f.member(net, name='Anne Holm', now=NOW - 300 * MINUTE)
    meeting = await meeting_today(net)
    await MeetingResponse.create(meeting=meeting, membership=anne, answer='attending', answered_at=NOW - 90 * MINUTE)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.RUNNING
    assert await titles(meeting) == 'Velkomst'
    assert await left(meeting, NOW) == 600
    # the same start as the roll call's: the answers prefilled the attendance
    assert await AttendanceRecord.filter(meeting_id=meeting.id, membership_id=anne.id, status='present').exists()
    with pytest.raises(DomainError, match='allerede startet'):
        await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)


async def test_start_before_the_day_is_refused() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    with pytest.raises(DomainError):
        await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW - dt.timedelta(days=1))
    assert not await MeetingControl.exists(meeting_id=meeting.id)
    await meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


async def test_next_and_previous_stop_at_the_ends_and_restart_the_countdown() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    with pytest.raises(DomainError, match='første'):
        await meeting_control.previous_item(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.add_minutes(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + 12 * MINUTE)
    assert await titles(meeting) == 'Oplæg'
    assert await left(meeting, NOW + 12 * MINUTE) == 30 * 60  # the extra time belonged to the previous item
    await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + 40 * MINUTE)
    with pytest.raises(DomainError, match='sidste'):
        await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + 41 * MINUTE)
    assert await titles(meeting) == 'Grupper'
    await meeting_control.previous_item(meeting_id=meeting.id, by=BY, now=NOW + 42 * MINUTE)
    assert await titles(meeting) == 'Oplæg'
    velkomst = await AgendaItem.get(meeting_id=meeting.id, title='Velkomst')
    await meeting_control.set_current_item(meeting_id=meeting.id, item_id=velkomst.id, by=BY, now=NOW + 43 * MINUTE)
    assert await titles(meeting) == 'Velkomst'


async def test_pause_resume_and_extra_time_arithmetic() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)       # 10 minutes
    await meeting_control.pause(meeting_id=meeting.id, by=BY, now=NOW + 4 * MINUTE)
    assert await left(meeting, NOW + 4 * MINUTE) == 360
    assert await left(meeting, NOW + 50 * MINUTE) == 360                            # frozen while paused
    with pytest.raises(DomainError):
        await meeting_control.pause(meeting_id=meeting.id, by=BY, now=NOW + 5 * MINUTE)
    await meeting_control.resume(meeting_id=meeting.id, by=BY, now=NOW + 7 * MINUTE)  # 3 minutes paused
    assert await left(meeting, NOW + 7 * MINUTE) == 360
    assert await left(meeting, NOW + 8 * MINUTE) == 300
    with pytest.raises(DomainError):
        await meeting_control.resume(meeting_id=meeting.id, by=BY, now=NOW + 8 * MINUTE)
    await meeting_control.add_minutes(meeting_id=meeting.id, by=BY, now=NOW + 8 * MINUTE)
    assert await left(meeting, NOW + 8 * MINUTE) == 600
    assert await left(meeting, NOW + 20 * MINUTE) == -120                           # overrun: negative
    await meeting_control.pause(meeting_id=meeting.id, by=BY, now=NOW + 20 * MINUTE)
    await meeting_control.resume(meeting_id=meeting.id, by=BY, now=NOW + 21 * MINUTE)
    assert await left(meeting, NOW + 21 * MINUTE) == -120                           # two pauses add up
    assert await left(meeting, NOW + 22 * MINUTE) == -180
    with pytest.raises(DomainError):
        await meeting_control.add_minutes(meeting_id=meeting.id, minutes=0, by=BY, now=NOW)


def test_countdown_is_pure_and_rounds_up_partial_seconds() -> None:
    item = AgendaItem(duration_minutes=1)
    control = MeetingControl(item_started_at=NOW, paused_seconds=0, extra_seconds=0)
    assert meeting_control.countdown(control, item, NOW) == 60
    assert meeting_control.countdown(control, item, NOW + dt.timedelta(seconds=0.4)) == 60
    assert meeting_control.countdown(control, item, NOW + dt.timedelta(seconds=59.5)) == 1
    assert meeting_control.countdown(control, item, NOW + dt.timedelta(seconds=61)) == -1
    assert meeting_control.countdown(control, None, NOW) is None
    assert meeting_control.countdown(MeetingControl(item_started_at=None), item, NOW) is None
    paused = MeetingControl(item_started_at=NOW, paused_at=NOW + 10 * MINUTE, paused_seconds=30, extra_seconds=600)
    assert meeting_control.countdown(paused, item, NOW + 99 * MINUTE) == 60 + 600 + 30 - 600


async def test_message_is_trimmed_limited_and_cleared() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    with pytest.raises(DomainError, match='Start mødet'):
        await meeting_control.set_message(meeting_id=meeting.id, text='Frokost', by=BY, now=NOW)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.set_message(meeting_id=meeting.id, text='  Frokost til  kl. 12.30 ', by=BY, now=NOW)
    assert (await MeetingControl.get(meeting_id=meeting.id)).message == 'Frokost til kl. 12.30'
    await meeting_control.set_message(meeting_id=meeting.id, text='x' * 200, by=BY, now=NOW)
    with pytest.raises(DomainError) as error:
        await meeting_control.set_message(meeting_id=meeting.id, text='x' * 201, by=BY, now=NOW)
    assert error.value.field == 'message'
    with pytest.raises(DomainError):
        await meeting_control.set_message(meeting_id=meeting.id, text='   ', by=BY, now=NOW)
    assert (await MeetingControl.get(meeting_id=meeting.id)).message == 'x' * 200
    await meeting_control.clear_message(meeting_id=meeting.id, by=BY, now=NOW)
    assert (await MeetingControl.get(meeting_id=meeting.id)).message == ''


async def test_cancelled_and_closed_meetings_are_refused() -> None:
    net = await f.network()
    cancelled = await meeting_today(net)
    await meetings.cancel_meeting(meeting_id=cancelled.id, by=BY, now=NOW)
    with pytest.raises(DomainError, match='aflyst'):
        await meeting_control.start_meeting(meeting_id=cancelled.id, by=BY, now=NOW)
    closed = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=closed.id, by=BY, now=NOW)
    await attendance.close_meeting(meeting_id=closed.id, by=BY, now=NOW + 300 * MINUTE)
    for action in (meeting_control.next_item, meeting_control.pause, meeting_control.add_minutes):
        with pytest.raises(DomainError, match='afsluttet'):
            await action(meeting_id=closed.id, by=BY, now=NOW + 301 * MINUTE)
    with pytest.raises(DomainError, match='afsluttet'):
        await meeting_control.set_message(meeting_id=closed.id, text='Tak for i dag', by=BY, now=NOW)


async def test_every_change_is_audited_under_control() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + MINUTE)
    await meeting_control.pause(meeting_id=meeting.id, by=BY, now=NOW + 2 * MINUTE)
    await meeting_control.resume(meeting_id=meeting.id, by=BY, now=NOW + 3 * MINUTE)
    await meeting_control.add_minutes(meeting_id=meeting.id, by=BY, now=NOW + 3 * MINUTE)
    await meeting_control.set_message(meeting_id=meeting.id, text='Pause', by=BY, now=NOW + 4 * MINUTE)
    await meeting_control.clear_message(meeting_id=meeting.id, by=BY, now=NOW + 5 * MINUTE)
    entries = await AuditEntry.filter(subject='control', subject_id=meeting.id).order_by('id')
    assert [(e.action, e.from_value, e.to_value) for e in entries] == [
        ('start', '', 'Velkomst'), ('current item', 'Velkomst', 'Oplæg'), ('pause', '', ''), ('resume', '', ''),
        ('add time', '', '5'), ('message', '', 'Pause'), ('clear message', 'Pause', '')]
    assert {e.actor_name for e in entries} == {BY.name}
    assert await AuditEntry.filter(subject='meeting', subject_id=meeting.id, to_value='running').exists()


async def test_renewing_the_display_link_revokes_the_old_one() -> None:
    net = await f.network()
    assert await display.network_for_display_token('') is None
    first = await display.renew_display_token(network_id=net.id, by=BY, now=NOW)
    assert len(first) >= 32
    assert (await display.network_for_display_token(first)).id == net.id  # type: ignore[union-attr]
    second = await display.renew_display_token(network_id=net.id, by=BY, now=NOW)
    assert second != first
    assert await display.network_for_display_token(first) is None
    assert (await display.network_for_display_token(second)).id == net.id  # type: ignore[union-attr]
    assert await AuditEntry.filter(subject='display', network_id=net.id, action='renew').count() == 2


async def test_the_board_has_programme_progress_groups_with_names_only_and_the_message() -> None:
    net = await f.network()
    anne = await f.member(net, name='Anne Holm', now=NOW - 300 * MINUTE)
    bo = await f.member(net, name='Bo Winther', now=NOW - 299 * MINUTE)
    meeting = await meeting_today(net, ('Velkomst', 10, AgendaKind.WELCOME), ('Grupper', 20, AgendaKind.GROUP_WORK),
                                  ('Oplæg', 30, AgendaKind.TALK), ('Frokost', 45, AgendaKind.BREAK),
                                  ('Afrunding', 15, AgendaKind.OTHER))
    groups_item = await AgendaItem.get(meeting_id=meeting.id, title='Grupper')
    group = await WorkGroup.create(item=groups_item, number=1, question='Hvad virker?')
    for member in (bo, anne):
        await WorkGroupMember.create(group=group, membership=member)
    empty = await display.network_board(net.id, now=NOW)
    assert empty.meeting_id is None and empty.next_meeting == (NOW.date(), 'Forårets temadag')
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + MINUTE)
    await meeting_control.set_message(meeting_id=meeting.id, text='Frokost kl. 12', by=BY, now=NOW + MINUTE)
    board = await display.network_board(net.id, now=NOW + 2 * MINUTE)
    assert board.meeting_title == 'Forårets temadag' and board.message == 'Frokost kl. 12'
    assert board.current is not None and board.current.row.title == 'Grupper'
    assert board.current.row.kind == 'Gruppearbejde'
    assert board.current.seconds_left(NOW + 2 * MINUTE) == 19 * 60
    assert [row.state for row in board.programme] == ['done', 'current', 'coming', 'coming', 'coming']
    assert [row.starts_at.strftime('%H:%M') for row in board.programme] == ['10:00', '10:10', '10:30', '11:00',
                                                                            '11:45']
    assert [row.title for row in board.next_items] == ['Oplæg', 'Frokost', 'Afrunding']
    assert [(g.number, g.question, g.names) for g in board.groups] == [(1, 'Hvad virker?', ['Anne Holm',
                                                                                           'Bo Winther'])]


async def test_between_items_the_board_shows_the_programme_and_next_goes_on_from_the_current_item() -> None:
    net = await f.network()
    meeting = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await meeting_control.show_programme(meeting_id=meeting.id, shown=True, by=BY, now=NOW + 10 * MINUTE)
    board = await display.board_view(meeting.id, now=NOW + 11 * MINUTE)
    assert board.between_items and board.done_count == 1 and board.current is not None
    assert board.following is not None and board.following.title == 'Oplæg'
    await meeting_control.show_programme(meeting_id=meeting.id, shown=True, by=BY, now=NOW + 11 * MINUTE)  # no-op
    await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + 12 * MINUTE)
    board = await display.board_view(meeting.id, now=NOW + 12 * MINUTE)
    assert not board.between_items and board.current is not None and board.current.row.title == 'Oplæg'
    assert board.done_count == 1
    entries = await AuditEntry.filter(subject='control', action='between items').count()
    assert entries == 1


async def test_an_item_of_another_meeting_cannot_be_made_current() -> None:
    net = await f.network()
    meeting, other = await meeting_today(net), await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    stranger = await AgendaItem.filter(meeting_id=other.id).first()
    with pytest.raises(DomainError, match='findes ikke'):
        await meeting_control.set_current_item(meeting_id=meeting.id, item_id=stranger.id, by=BY, now=NOW)  # type: ignore[union-attr]
    assert await titles(meeting) == 'Velkomst'


async def test_two_coordinators_pressing_next_at_once_take_turns() -> None:
    """Both presses count, one after the other, on SQLite and PostgreSQL: no lost update, no server error."""
    net = await f.network()
    meeting = await meeting_today(net)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
    await asyncio.gather(*(meeting_control.next_item(meeting_id=meeting.id, by=BY, now=NOW + MINUTE)
                           for _press in range(2)))
    assert await titles(meeting) == 'Grupper'
    results = await asyncio.gather(*(meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
                                     for _press in range(3)), return_exceptions=True)
    assert all(isinstance(result, DomainError) for result in results)
