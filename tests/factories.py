"""Small builders for test data, through the services wherever a rule is involved."""
from __future__ import annotations

import datetime as dt
import itertools

from flnet_ui.services import attendance, meetings, membership
from flnet_ui.services.audit import SYSTEM, Actor
from models import AttendanceStatus, Library, Meeting, Membership, Network

COORDINATOR = Actor(None, 'koordinator@test.dk')
_counter = itertools.count(1)


async def network(**rules: object) -> Network:
    return await Network.create(name=f'FL-netværket {next(_counter)}', **rules)


async def library(name: str = 'Aarhus Hovedbibliotek', municipality: str = 'Aarhus') -> Library:
    found = await Library.get_or_none(name=name)
    return found or await Library.create(name=name, municipality=municipality)


async def member(net: Network, *, now: dt.datetime, name: str | None = None, library_id: int | None = None,
                 approve: bool = True) -> Membership:
    n = next(_counter)
    return await membership.apply(network_id=net.id, name=name or f'Person {n}', email=f'person{n}@bib.dk',
                                  library_id=library_id, approve=approve, by=SYSTEM, now=now)


async def members(net: Network, count: int, *, now: dt.datetime) -> list[Membership]:
    return [await member(net, now=now + dt.timedelta(seconds=i)) for i in range(count)]


async def held_meeting(net: Network, day: dt.date, marks: dict[int, AttendanceStatus] | None = None, *,
                       close: bool = True) -> Meeting:
    """A meeting on `day`, with the given attendance, closed the evening after."""
    now = dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC)
    meeting = await meetings.plan_meeting(network_id=net.id, title=f'Temadag {day}', date=day,
                                          starts_at=dt.time(10), ends_at=dt.time(15), by=COORDINATOR, now=now)
    for membership_id, status in (marks or {}).items():
        await attendance.record_attendance(meeting_id=meeting.id, membership_id=membership_id, status=status,
                                           by=COORDINATOR, now=now)
    if close:
        await attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR, now=now)
    return meeting


async def refreshed(m: Membership) -> Membership:
    return await Membership.get(id=m.id)
