"""Mødestyring (DESIGN.md §1.3): the coordinator steers a running meeting (current item, next/previous, the countdown
with pause and extra time, a message over the projector). Every change is audited under the subject 'control' and
announced on `events.board` after the commit; the projector and the control page rebuild from the database.

The countdown is stored, not ticked: when the item started, since when it is paused, how long it was paused before,
and how much time was added. `countdown()` turns that into seconds left at any moment, so a screen can recompute it
once a second without asking anyone, and a reloaded screen shows the same.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, today
from models import AgendaItem, Meeting, MeetingControl, MeetingStatus

from . import roll_call
from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text, is_whole

MESSAGE_LIMIT = 200
MAX_ADDED_MINUTES = 60


def countdown(control: MeetingControl, item: AgendaItem | None, now: dt.datetime) -> int | None:
    """Seconds left of the current item at `now` (negative: overrun by that much), None before an item started.
    Time spent paused does not count, and added minutes lengthen the item."""
    if item is None or control.item_started_at is None:
        return None
    until = control.paused_at or now
    # Never negative: a screen whose clock reads a moment before the item started shows the full duration.
    elapsed = max(0.0, (until - control.item_started_at).total_seconds() - control.paused_seconds)
    return math.ceil(item.duration_minutes * 60 + control.extra_seconds - elapsed)


async def start_meeting(*, meeting_id: int, by: Actor, now: dt.datetime) -> MeetingControl:
    """Start the meeting on its day (or later): the meeting runs and its first item becomes the current one.

    The move to `running` is the roll call's own (`roll_call.start_roll_call`: same rule for the day, same audit entry,
    the answers prefill the attendance, safe to repeat), so starting here and starting the roll call agree. A meeting
    whose roll call already started it only gets its control."""
    meeting = await _meeting(meeting_id)
    _refuse_when_over(meeting)
    if await MeetingControl.exists(meeting_id=meeting_id):
        raise DomainError(_('The meeting has already started.'))
    if meeting.status == MeetingStatus.PLANNED:
        await roll_call.start_roll_call(meeting_id=meeting_id, by=by, now=now)
    elif meeting.date > today(now):
        raise DomainError(_('The meeting can start on its day.'))
    async with seat_lock(meeting.network_id):
        if await MeetingControl.exists(meeting_id=meeting_id):  # a second click in the meantime
            raise DomainError(_('The meeting has already started.'))
        items = await _items(meeting_id)
        first = items[0] if items else None
        control = await MeetingControl.create(meeting_id=meeting_id, current_item_id=first.id if first else None,
                                              item_started_at=now if first else None, updated_at=now)
        await log(by=by, now=now, subject='control', subject_id=meeting_id, network_id=meeting.network_id,
                  action='start', to_value=first.title if first else '')
    events.board.emit(meeting.network_id)
    return control


async def set_current_item(*, meeting_id: int, item_id: int, by: Actor, now: dt.datetime) -> None:
    """Make an item of the running meeting the current one; its countdown starts afresh."""
    def chosen(items: list[AgendaItem], current: int | None) -> AgendaItem:
        found = next((item for item in items if item.id == item_id), None)
        if found is None:
            raise DomainError(_('The agenda item does not exist.'))
        return found
    await _change_item(meeting_id, chosen, by=by, now=now)


async def next_item(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    def following(items: list[AgendaItem], current: int | None) -> AgendaItem:
        if current is None:
            return items[0]
        if current + 1 >= len(items):
            raise DomainError(_('This is the last item of the agenda.'))
        return items[current + 1]
    await _change_item(meeting_id, following, by=by, now=now)


async def previous_item(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    def preceding(items: list[AgendaItem], current: int | None) -> AgendaItem:
        if current is None or current == 0:
            raise DomainError(_('This is the first item of the agenda.'))
        return items[current - 1]
    await _change_item(meeting_id, preceding, by=by, now=now)


async def pause(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    async with _locked(meeting_id) as (meeting, control):
        if control.item_started_at is None:
            raise DomainError(_('No item is running.'))
        if control.paused_at is not None:
            raise DomainError(_('The countdown is already paused.'))
        control.paused_at = now
        await _save(control, meeting, 'pause', by=by, now=now)
    events.board.emit(meeting.network_id)


async def resume(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    async with _locked(meeting_id) as (meeting, control):
        if control.paused_at is None:
            raise DomainError(_('The countdown is not paused.'))
        control.paused_seconds += max(0, round((now - control.paused_at).total_seconds()))
        control.paused_at = None
        await _save(control, meeting, 'resume', by=by, now=now)
    events.board.emit(meeting.network_id)


async def add_minutes(*, meeting_id: int, minutes: int = 5, by: Actor, now: dt.datetime) -> None:
    if not is_whole(minutes, 1, MAX_ADDED_MINUTES):
        raise DomainError(_('Add between 1 and 60 minutes.'), field='minutes')
    async with _locked(meeting_id) as (meeting, control):
        if control.item_started_at is None:
            raise DomainError(_('No item is running.'))
        control.extra_seconds += minutes * 60
        await _save(control, meeting, 'add time', by=by, now=now, to_value=str(minutes))
    events.board.emit(meeting.network_id)


async def set_message(*, meeting_id: int, text: str, by: Actor, now: dt.datetime) -> None:
    """A short message shown over the projector ("Frokost til kl. 12.30")."""
    text = ' '.join(clean_text(text).split())
    if not text:
        raise DomainError(_('Write the message.'), field='message')
    if len(text) > MESSAGE_LIMIT:
        raise DomainError(_('The message can be at most 200 characters.'), field='message')
    async with _locked(meeting_id) as (meeting, control):
        control.message = text
        await _save(control, meeting, 'message', by=by, now=now, to_value=text)
    events.board.emit(meeting.network_id)


async def clear_message(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    async with _locked(meeting_id) as (meeting, control):
        before, control.message = control.message, ''
        await _save(control, meeting, 'clear message', by=by, now=now, from_value=before)
    events.board.emit(meeting.network_id)


async def show_programme(*, meeting_id: int, shown: bool, by: Actor, now: dt.datetime) -> None:
    """Between items the projector shows the whole programme with the progress so far (`shown`), or the current item
    again. The current item is kept, so "Next" goes on from it."""
    async with _locked(meeting_id) as (meeting, control):
        if control.between_items == shown:
            return
        control.between_items = shown
        await _save(control, meeting, 'between items' if shown else 'back to item', by=by, now=now)
    events.board.emit(meeting.network_id)


async def _change_item(meeting_id: int, choose, *, by: Actor, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    async with _locked(meeting_id) as (meeting, control):
        items = await _items(meeting_id)
        if not items:
            raise DomainError(_('The meeting has no agenda items yet.'))
        ids = [item.id for item in items]
        current = ids.index(control.current_item_id) if control.current_item_id in ids else None
        chosen: AgendaItem = choose(items, current)
        before = items[current].title if current is not None else ''
        control.current_item_id = chosen.id
        control.item_started_at, control.paused_at = now, None
        control.paused_seconds = control.extra_seconds = 0
        control.between_items = False
        await _save(control, meeting, 'current item', by=by, now=now, from_value=before, to_value=chosen.title)
    events.board.emit(meeting.network_id)


async def _save(control: MeetingControl, meeting: Meeting, action: str, *, by: Actor, now: dt.datetime,
                from_value: str = '', to_value: str = '') -> None:
    control.updated_at = now
    await control.save()
    await log(by=by, now=now, subject='control', subject_id=meeting.id, network_id=meeting.network_id,
              action=action, from_value=from_value[:200], to_value=to_value[:200])


@asynccontextmanager
async def _locked(meeting_id: int) -> AsyncIterator[tuple[Meeting, MeetingControl]]:
    """The meeting and its control inside the network's write lock: two coordinators pressing at once take turns,
    each reading what the other saved (on SQLite and PostgreSQL alike), and a meeting closed meanwhile is refused."""
    network_id = (await _meeting(meeting_id)).network_id
    async with seat_lock(network_id):
        meeting = await _meeting(meeting_id)
        _refuse_when_over(meeting)
        control = await MeetingControl.get_or_none(meeting_id=meeting_id)
        if control is None or meeting.status != MeetingStatus.RUNNING:
            raise DomainError(_('Start the meeting first.'))
        yield meeting, control


def _refuse_when_over(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_('The meeting is cancelled.'))
    if meeting.status == MeetingStatus.CLOSED:
        raise DomainError(_('The meeting is closed. Reopen it first.'))


async def _items(meeting_id: int) -> list[AgendaItem]:
    return await AgendaItem.filter(meeting_id=meeting_id).order_by('position', 'id')


async def _meeting(meeting_id: int) -> Meeting:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    return meeting
