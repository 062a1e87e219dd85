"""Meetings (DESIGN.md §1.3): plan, change, cancel. Cancelled meetings never count toward absence."""
from __future__ import annotations

import datetime as dt

from flnet_ui import events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import TIMEZONE, _
from models import Library, Meeting, MeetingStatus, Network

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text


async def plan_meeting(*, network_id: int, title: str, date: dt.date, starts_at: dt.time, ends_at: dt.time,
                       host_library_id: int | None = None, address: str = '', description: str = '', by: Actor,
                       now: dt.datetime) -> Meeting:
    title = _check(title=title, date=date, starts_at=starts_at, ends_at=ends_at)
    if not await Network.exists(id=network_id):
        raise DomainError(_('The network does not exist.'))
    if host_library_id is not None and not await Library.exists(id=host_library_id):
        raise DomainError(_('Choose a library from the list.'), field='host')
    async with seat_lock(network_id):
        meeting = await Meeting.create(network_id=network_id, title=title, starts_at=at(date, starts_at),
                                       ends_at=at(date, ends_at), host_id=host_library_id,
                                       address=clean_text(address).strip(), description=clean_text(description).strip())
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=network_id, action='plan',
                  to_value=MeetingStatus.PLANNED)
    events.meetings.emit(network_id)
    return meeting


async def cancel_meeting(*, meeting_id: int, reason: str = '', by: Actor, now: dt.datetime) -> None:
    meeting = await Meeting.get_or_none(id=meeting_id)
    if meeting is None:
        raise DomainError(_('The meeting does not exist.'))
    async with seat_lock(meeting.network_id):
        await meeting.refresh_from_db()
        if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.RUNNING):
            raise DomainError(_('Only a planned meeting can be cancelled.'))
        before, meeting.status = meeting.status, MeetingStatus.CANCELLED
        await meeting.save(update_fields=['status'])
        await log(by=by, now=now, subject='meeting', subject_id=meeting.id, network_id=meeting.network_id,
                  action='cancel', from_value=before, to_value=MeetingStatus.CANCELLED,
                  reason=clean_text(reason).strip())
    events.meetings.emit(meeting.network_id)
    events.attendance.emit(meeting.network_id)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """A Danish wall-clock time on a day, as a moment in UTC. UTC matters: on SQLite an aware time is stored as text
    with its own offset when a row is updated, and text with +02:00 compares wrongly against +00:00 in queries."""
    return dt.datetime.combine(day, time, tzinfo=TIMEZONE).astimezone(dt.UTC)


def _skipped(day: dt.date, time: dt.time) -> bool:
    """True for a Danish clock time that the change to summer time skips (02.30 on the last Sunday of March): it
    would be stored an hour later than written. In such a gap the earlier reading (fold=0) has the smaller offset
    (PEP 495); when the clocks go back, both readings exist and fold=0 has the larger one."""
    moment = dt.datetime.combine(day, time, tzinfo=TIMEZONE)
    return moment.utcoffset() < moment.replace(fold=1).utcoffset()  # type: ignore[operator]


def _check(*, title: str, date: dt.date, starts_at: dt.time, ends_at: dt.time) -> str:
    title = ' '.join(clean_text(title).split())
    if not title:
        raise DomainError(_('Write a title or theme.'), field='title')
    if len(title) > 200:
        raise DomainError(_('The title can be at most 200 characters.'), field='title')
    if not isinstance(date, dt.date):
        raise DomainError(_('Choose a date.'), field='date')
    for field, time in (('starts_at', starts_at), ('ends_at', ends_at)):
        if not isinstance(time, dt.time):
            raise DomainError(_('Choose a time, e.g. 10:00.'), field=field)
        if _skipped(date, time):
            raise DomainError(_('The clocks are put forward that night, so this time does not exist. Choose another.'),
                              field=field)
    if ends_at <= starts_at:
        raise DomainError(_('The meeting must end after it starts.'), field='ends_at')
    return title
