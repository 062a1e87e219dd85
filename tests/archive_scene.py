"""Meetings of the default network (the one the pages show) for the archive and follow-up tests: held meetings with
approved or draft minutes and action items, and an upcoming meeting, all relative to today (the pages use the clock)."""
from __future__ import annotations

import datetime as dt

from flnet_ui import i18n
from flnet_ui.services import attendance, meetings, minutes, minutes_actions, minutes_versions, networks, roll_call
from models import ActionItem, Meeting
from tests import factories as f


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return i18n.today(now())


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


async def held(title: str, day_offset: int, *, address: str = 'Victor Albecks Vej 1, 8000 Aarhus C',
               close: bool = True) -> Meeting:
    """A meeting `day_offset` days from today (negative: in the past), started on its day and closed (unless
    `close` is False: then its agenda can still be changed; `closed()` closes it)."""
    network = await networks.default_network()
    day = days(day_offset)
    on_the_day = dt.datetime.combine(day, dt.time(8, 30), tzinfo=dt.UTC)
    meeting = await meetings.plan_meeting(network_id=network.id, title=title, date=day, starts_at=dt.time(10),
                                          ends_at=dt.time(15), address=address, by=f.COORDINATOR,
                                          now=on_the_day - dt.timedelta(days=40))
    await roll_call.start_roll_call(meeting_id=meeting.id, by=f.COORDINATOR, now=on_the_day)
    return await closed(meeting) if close else await Meeting.get(id=meeting.id)


async def closed(meeting: Meeting) -> Meeting:
    evening = dt.datetime.combine(meeting.date, dt.time(17, 30), tzinfo=dt.UTC)
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=evening)
    return await Meeting.get(id=meeting.id)


async def upcoming(title: str = 'Efterårets temadag', day_offset: int = 30) -> Meeting:
    network = await networks.default_network()
    return await meetings.plan_meeting(network_id=network.id, title=title, date=days(day_offset),
                                       starts_at=dt.time(10), ends_at=dt.time(15), address='Dokk1, 8000 Aarhus C',
                                       by=f.COORDINATOR, now=now())


async def draft(meeting: Meeting, referent: str = 'Mette Ølgaard, Statsbiblioteket') -> None:
    await minutes.set_referent(meeting_id=meeting.id, referent=referent, expected_revision=0, by=f.COORDINATOR,
                               now=now())


async def approved(meeting: Meeting) -> int:
    await draft(meeting)
    return await minutes_versions.approve(meeting_id=meeting.id, by=f.COORDINATOR, now=now())


async def action(meeting: Meeting, what: str, *, name: str = '', deadline: dt.date | None = None,
                 done: bool = False) -> ActionItem:
    item = await minutes_actions.add_action(meeting_id=meeting.id, what=what, responsible_name=name,
                                            deadline=deadline, by=f.COORDINATOR, now=now())
    if done:
        await minutes_actions.set_action_done(action_id=item.id, done=True, by=f.COORDINATOR, now=now())
    return item
