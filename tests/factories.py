"""Small builders for test data, through the services wherever a rule is involved."""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
from collections.abc import Iterator

from flnet_ui.services import attendance, meetings, membership
from flnet_ui.services.audit import SYSTEM, Actor
from models import AttendanceStatus, AuditEntry, Library, Meeting, Membership, Network

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


# --- helpers for the rule tests (membership, waitlist, offers, attendance, streaks, agreements) ---

async def statuses(*ms: Membership) -> list[str]:
    """The current stored status of each membership, in the order given."""
    return [(await refreshed(m)).status for m in ms]


async def waitlist_ids(net: Network) -> list[int]:
    from flnet_ui.services import seats
    return list(await seats.waitlisted(net.id).values_list('id', flat=True))


async def status_trail(m: Membership) -> list[AuditEntry]:
    """The membership's status changes as logged, oldest first."""
    return await AuditEntry.filter(subject='membership', subject_id=m.id, action='status').order_by('id')


async def assert_audit_complete(m: Membership) -> None:
    """Invariant I4: the logged status changes chain from nothing to the current status, each with a reason."""
    trail = await status_trail(m)
    assert trail, 'no audit entry at all'
    previous = ''
    for entry in trail:
        assert entry.from_value == previous, f'gap in the audit trail: {previous!r} -> {entry.from_value!r}'
        assert entry.reason, f'no reason for {entry.from_value!r} -> {entry.to_value!r}'
        assert entry.network_id == m.network_id and entry.person_id == m.person_id  # type: ignore[attr-defined]
        previous = entry.to_value
    assert previous == (await refreshed(m)).status


@contextlib.contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect every SQL statement Tortoise sends (it logs each one at DEBUG on 'tortoise.db_client')."""
    queries: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage().lstrip()
            if text.split(' ', 1)[0].upper() in {'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH'}:
                queries.append(text)

    logger = logging.getLogger('tortoise.db_client')
    handler, level = Collect(logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
