"""Invariants I1-I3 (and I4) under simultaneous requests, on SQLite and PostgreSQL, in one process and in several.

In one process, `asyncio.gather` starts every request at once. On SQLite Tortoise has one connection behind one lock,
so transactions take turns; on PostgreSQL it has a pool, so transactions really run side by side and only the seat
lock (the network row, flnet_ui.db.seat_lock) keeps them apart. Several OS processes (tests/concurrency_worker.py)
share nothing but the database: on PostgreSQL the row lock, on a SQLite file the database's write lock.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from flnet_ui.services import attendance, meetings, membership, seats
from flnet_ui.services.errors import DomainError
from models import AttendanceStatus, Meeting, MeetingStatus, Membership, MembershipStatus, WaitlistMode
from tests.conftest import NOW, POSTGRES_URL, drop_postgres_database, postgres_url_for_new_database
from tests.invariants import COORDINATOR, apply, check_invariants, new_network

ROOT = Path(__file__).resolve().parent.parent
ACTIVE, WAITLISTED = MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED


async def test_200_simultaneous_applications_fill_exactly_40_seats(db) -> None:  # type: ignore[no-untyped-def]
    tracker = await new_network(capacity=40)
    applied = await asyncio.gather(*(apply(tracker.network_id, NOW) for _ in range(200)))

    statuses = Counter(m.status for m in await Membership.filter(network_id=tracker.network_id))
    assert statuses == {ACTIVE: 40, WAITLISTED: 160}
    waiting = await seats.waitlisted(tracker.network_id)
    assert [await seats.position(m) for m in waiting] == list(range(1, 161))
    # Everybody applied at the same moment, so first come is first to the seat lock, which is also id order.
    ids = sorted(m.id for m in applied)
    assert {m.id for m in await Membership.filter(network_id=tracker.network_id, status=ACTIVE)} == set(ids[:40])
    assert [m.id for m in waiting] == ids[40:]
    await check_invariants(tracker)  # I4 too: every membership's audit trail is pending, then active or waitlisted


@pytest.mark.parametrize('mode', list(WaitlistMode))
async def test_simultaneous_resigns_applications_and_a_close_keep_the_invariants(db, mode: WaitlistMode) -> None:  # type: ignore[no-untyped-def]
    """Resignations, withdrawals, new applications, a raised capacity and closing a meeting that deregisters
    members, all at once, in shuffled order; a few rounds, each on a network of its own."""
    shuffle = random.Random(20260304).shuffle
    for _ in range(3):
        tracker = await new_network(capacity=20, absence_limit=1, waitlist_mode=mode)
        before = NOW - dt.timedelta(days=30)
        people = [await apply(tracker.network_id, before + dt.timedelta(seconds=i)) for i in range(35)]
        active, waiting = people[:20], people[20:]
        meeting = await meetings.plan_meeting(network_id=tracker.network_id, title='Temadag',
                                              date=(NOW - dt.timedelta(days=1)).date(), starts_at=dt.time(10),
                                              ends_at=dt.time(15), by=COORDINATOR, now=before)
        for m in active[:10]:  # the other ten miss the meeting: closing it deregisters them (limit 1)
            await attendance.record_attendance(meeting_id=meeting.id, membership_id=m.id,
                                               status=AttendanceStatus.PRESENT, by=COORDINATOR, now=before)
        await check_invariants(tracker, context='before')

        requests = [
            *(membership.resign(membership_id=m.id, by=COORDINATOR, now=NOW) for m in active[:5]),
            *(membership.resign(membership_id=m.id, by=COORDINATOR, now=NOW) for m in active[10:14]),
            *(membership.withdraw(membership_id=m.id, by=COORDINATOR, now=NOW) for m in waiting[:3]),
            *(apply(tracker.network_id, NOW) for _ in range(20)),
            membership.set_capacity(network_id=tracker.network_id, capacity=22, by=COORDINATOR, now=NOW),
            attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR, now=NOW),
        ]
        shuffle(requests)
        results = await asyncio.gather(*requests, return_exceptions=True)
        # A resignation that comes after the close finds the member deregistered: a refusal, not a failure.
        assert all(r is None or not isinstance(r, BaseException) or isinstance(r, DomainError) for r in results), \
            [r for r in results if isinstance(r, BaseException)]

        await check_invariants(tracker, context='after')
        assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.CLOSED
        gone = Counter(m.status for m in await Membership.filter(id__in=[m.id for m in active[5:]]))
        assert gone[MembershipStatus.DEREGISTERED] + gone[MembershipStatus.RESIGNED] == 10  # active[10:]
        taken = await seats.seats_taken(tracker.network_id)
        assert taken == 22  # 35 + 20 applied, 19 gone at most, 22 seats: full, and I2 says nobody waits in vain


# ---------------------------------------------------------------------------------------------------------------
# Several OS processes
# ---------------------------------------------------------------------------------------------------------------

def _child_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != 'PYTEST_CURRENT_TEST'}


async def _worker(*args: str) -> dict:  # type: ignore[type-arg]
    process = await asyncio.create_subprocess_exec(
        sys.executable, '-m', 'tests.concurrency_worker', *args, cwd=ROOT, env=_child_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    return json.loads(out.decode().splitlines()[-1])


async def _applications_from_processes(url: str, *, processes: int, each: int, capacity: int) -> dict:  # type: ignore[type-arg]
    """Start `processes` workers, wait until each has connected, then let all of them apply at once."""
    network_id = str((await _worker('setup', url, str(capacity)))['network_id'])  # applies the migrations
    workers = [await asyncio.create_subprocess_exec(
        sys.executable, '-m', 'tests.concurrency_worker', 'apply', url, network_id, str(each), str(n), cwd=ROOT,
        env=_child_env(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE) for n in range(processes)]
    try:
        for worker in workers:
            line = await asyncio.wait_for(worker.stdout.readline(), 60)  # type: ignore[union-attr]
            if line != b'ready\n':
                _, err = await worker.communicate()
                pytest.fail(f'worker did not start: {line!r} {err.decode()}')
        for worker in workers:
            worker.stdin.write(b'go\n')  # type: ignore[union-attr]
        outputs = await asyncio.wait_for(asyncio.gather(*(w.communicate() for w in workers)), 120)
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
    results = []
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err.decode()
        results.append(json.loads(out.decode().splitlines()[-1]))
    errors = [error for r in results for error in r['errors']]
    assert not errors, errors[:5]
    return await _worker('report', url, network_id)


def _assert_exactly_filled(report: dict, *, capacity: int, total: int) -> None:  # type: ignore[type-arg]
    statuses = Counter(report['statuses'].values())
    assert statuses == {'active': capacity, 'waitlisted': total - capacity}
    assert report['positions'] == list(range(1, total - capacity + 1))
    ids = sorted(int(i) for i in report['statuses'])
    assert report['waitlist'] == ids[capacity:]  # same moment for all: the order of the seat lock, which is id order
    assert {int(i) for i, s in report['statuses'].items() if s == 'active'} == set(ids[:capacity])
    trails = Counter((subject_id, from_value, to_value) for subject_id, from_value, to_value in report['audit'])
    assert all(trails[(i, '', 'pending')] == 1 for i in ids)
    assert all(trails[(i, 'pending', report['statuses'][str(i)])] == 1 for i in ids)
    assert len(report['audit']) == 2 * total


@asynccontextmanager
async def _fresh_postgres_database() -> AsyncIterator[str]:
    url = postgres_url_for_new_database()
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    finally:
        await connection.close()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason='FLNET_TEST_POSTGRES_URL is not set')
async def test_four_processes_apply_at_once_on_postgresql() -> None:
    async with _fresh_postgres_database() as url:
        report = await _applications_from_processes(url, processes=4, each=50, capacity=40)
    _assert_exactly_filled(report, capacity=40, total=200)


async def test_four_processes_apply_at_once_on_a_sqlite_file(tmp_path: Path) -> None:
    """The claim of seat_lock's docstring: with WAL and busy_timeout, the first statement's write lock makes
    count-then-write safe across processes too, without "database is locked"."""
    url = f'sqlite://{tmp_path}/flnet-{uuid.uuid4().hex[:8]}.sqlite3'
    report = await _applications_from_processes(url, processes=4, each=50, capacity=40)
    _assert_exactly_filled(report, capacity=40, total=200)
