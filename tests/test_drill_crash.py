"""Drill: the server dies (SIGKILL) while fifty people send the application form and the meeting is being closed.

The data folder holds the demo network and a meeting held yesterday, running, whose roll call leaves the members at
risk unrecorded: closing it marks them absent, deregisters them and gives their seats to the waitlist. Then, at once:
fifty clients fill in /ansoeg on a real `flnet serve` (over the page's websocket: the server process does these
writes) while another process closes the meeting through the services. At the kill point both processes get SIGKILL,
as when the machine loses power. Then the server is started again on the same folder, and:

- SQLite's integrity check (and foreign key check) finds nothing;
- I1-I4 hold (the Hypothesis tests' checker, continuing from the state before the drill);
- the close happened whole or not at all, exactly as the service's own preview said it would; a close that the
  closing process saw commit is there;
- every application whose receipt a client saw is in the database, with its audit entry and its queued e-mail.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from flnet_ui import db as database
from flnet_ui.backup import backup
from models import AttendanceRecord, AttendanceStatus, AuditEntry, Meeting, MeetingStatus, Membership, OutgoingMail
from tests import drills
from tests.browser import Server
from tests.invariants import Tracker, check_invariants

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
APPLICANTS = 50
TRIES = 3


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL'}}


@pytest.fixture(scope='module')
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """The demo (through the real `flnet demo`) and the held meeting; copied afresh for every kill point."""
    folder = tmp_path_factory.mktemp('crash-template') / 'data'
    subprocess.run([sys.executable, '-m', 'flnet_ui.cli', 'demo', '--data-dir', str(folder)], cwd=ROOT, env=_env(),
                   check=True, capture_output=True, timeout=180)
    path = folder / 'flnet.sqlite3'
    done = subprocess.run([sys.executable, '-m', 'tests.drills', 'prepare', f'sqlite://{path}'], cwd=ROOT, env=_env(),
                          check=True, capture_output=True, text=True, timeout=120)
    plan = json.loads(done.stdout.splitlines()[-1])
    # Only a drill whose close changes something can show that it happened whole or not at all.
    assert plan['deregistered'] and plan['promoted'] and set(plan['marked_absent']) > set(plan['deregistered']), plan
    return path, plan


@asynccontextmanager
async def opened(path: Path) -> AsyncIterator[None]:
    EXECUTOR_CACHE.clear()
    await database.open_database(f'sqlite://{path}', migrate=False)
    try:
        yield
    finally:
        await database.close_database()


# Where the kill lands: after so many receipts the close starts; the kill follows the closing process' own words, as it
# starts to close (before its commit: it waits for the write lock the server holds), a moment into it (closing takes
# about 0.1 s here), and just after it said "closed". Spread over the applications, which arrive within about a second.
KILL_POINTS = {'as the close starts': (3, 'closing', 0.0), 'into the close': (12, 'closing', 0.04),
               'after the close committed': (25, 'closed', 0.0)}


@pytest.mark.parametrize('kill_point', list(KILL_POINTS))
async def test_a_crash_in_the_middle_loses_nothing_that_was_confirmed(prepared: tuple[Path, dict], tmp_path: Path,  # type: ignore[type-arg]
                                                                      kill_point: str) -> None:
    template, plan = prepared
    for attempt in range(TRIES):   # the kill must land amid the applications; a busy machine may finish them first
        data = tmp_path / f'data-{attempt}'
        path = data / 'flnet.sqlite3'
        backup(template, path)
        async with opened(path):
            tracker = Tracker(plan['network_id'])
            await check_invariants(tracker, context='the demo, before the drill')
            before = await _meeting_state(plan)
            known: set[int] = set(await Membership.filter(network_id=plan['network_id']).values_list('id', flat=True))  # type: ignore[arg-type]

        server = Server(data)
        base = server.start()
        closer = await asyncio.create_subprocess_exec(
            sys.executable, '-m', 'tests.drills', 'close', f'sqlite://{path}', str(plan['meeting_id']), cwd=ROOT,
            env=_env(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            assert await asyncio.wait_for(closer.stdout.readline(), 60) == b'ready\n'  # type: ignore[union-attr]
            close_after, signal, delay = KILL_POINTS[kill_point]
            results, (accepted_at_kill, unfinished_at_kill) = await _drill(
                base, server, closer, close_after=close_after, signal=signal, delay=delay)
        finally:
            server.stop(kill=True)
            if closer.returncode is None:
                closer.kill()
        said, _ = await closer.communicate()
        if accepted_at_kill and unfinished_at_kill:
            break
    closer_said_closed = b'closed\n' in said
    outcomes = Counter(r.outcome for r in results)
    accepted = {r.email for r in results if r.outcome == 'accepted'}
    assert not outcomes['refused'], [r.detail for r in results if r.outcome == 'refused'][:3]
    assert accepted_at_kill and unfinished_at_kill, f'the kill did not land amid the applications: {outcomes}'

    server.start()  # the same folder and port, after the crash
    with httpx.Client(base_url=base, timeout=30) as http:
        assert http.get('/ansoeg').status_code == 200
    server.stop()

    assert drills.integrity_problems(path) == []
    async with opened(path):
        await check_invariants(tracker, context=f'after a crash {kill_point}')
        after = await _meeting_state(plan)
        closed = after['status'] == MeetingStatus.CLOSED
        if closer_said_closed:
            assert closed, 'the closing process saw its commit, but the close is gone after the crash'
        _assert_whole_or_nothing(plan, before, after, closed=closed)
        saved = await _assert_applications_kept(plan['network_id'], known, accepted)
    # What this run hit (pytest -s shows it): which way the close went, and how many applications were saved
    # although their client never saw the receipt (committed, then the kill came before the answer went out).
    print(f'\n{kill_point}: close {"kept" if closed else "not there"}; {len(accepted)} receipts seen, '  # noqa: T201
          f'{saved} applications saved')


async def _drill(base: str, server: Server, closer: asyncio.subprocess.Process, *, close_after: int, signal: str,
                 delay: float) -> tuple[list[drills.FormResult], tuple[int, int]]:
    """Fifty applicants at once; after the first receipts the close starts; SIGKILL for both at the kill point."""
    done: list[drills.FormResult] = []

    async def applicant(number: int) -> drills.FormResult:
        result = await drills.apply_through_form(base, number)
        done.append(result)
        return result

    tasks = [asyncio.create_task(applicant(n)) for n in range(APPLICANTS)]
    while sum(r.outcome == 'accepted' for r in done) < close_after and len(done) < APPLICANTS:
        await asyncio.sleep(0.005)
    closer.stdin.write(b'go\n')  # type: ignore[union-attr]
    await closer.stdin.drain()  # type: ignore[union-attr]
    while (line := await asyncio.wait_for(closer.stdout.readline(), 60)) != f'{signal}\n'.encode():  # type: ignore[union-attr]
        assert line, f'the closing process ended before "{signal}"'
    await asyncio.sleep(delay)
    server.stop(kill=True)
    closer.kill()
    at_kill = sum(r.outcome == 'accepted' for r in done), APPLICANTS - len(done)
    return list(await asyncio.gather(*tasks)), at_kill


async def _meeting_state(plan: dict) -> dict[str, object]:  # type: ignore[type-arg]
    meeting = await Meeting.get(id=plan['meeting_id'])
    ids = plan['marked_absent'] + plan['promoted']
    return {
        'status': meeting.status,
        'records': dict(await AttendanceRecord.filter(meeting_id=meeting.id).values_list('membership_id', 'status')),
        'statuses': dict(await Membership.filter(id__in=ids).values_list('id', 'status')),
        'deregistered_here': sorted(await Membership.filter(deregistered_by_meeting_id=meeting.id)
                                    .values_list('id', flat=True)),
        'close_entries': await AuditEntry.filter(subject='meeting', subject_id=meeting.id, action='close').count(),
    }


def _assert_whole_or_nothing(plan: dict, before: dict, after: dict, *, closed: bool) -> None:  # type: ignore[type-arg]
    assert before['status'] == MeetingStatus.RUNNING and not before['deregistered_here']
    if not closed:
        assert after == before, 'a close that did not happen left traces'
        return
    absent = {i: AttendanceStatus.ABSENT for i in plan['marked_absent']}
    assert after['records'] == {**before['records'], **absent}, 'not every active member has a record'
    assert after['deregistered_here'] == plan['deregistered']
    expected = {**before['statuses'], **dict.fromkeys(plan['deregistered'], 'deregistered'),
                **dict.fromkeys(plan['promoted'], 'active')}
    assert {i: str(s) for i, s in after['statuses'].items()} == {i: str(s) for i, s in expected.items()}
    assert after['close_entries'] == 1


async def _assert_applications_kept(network_id: int, known: set[int], accepted: set[str]) -> int:
    """Every receipt a client saw stands for a whole application: membership, audit entry (I4 checks the chain) and
    the receipt e-mail in the outbox, all written in the one transaction."""
    new = await Membership.filter(network_id=network_id).exclude(id__in=list(known)).prefetch_related('person')
    saved = {m.person.email: m for m in new}
    assert accepted <= set(saved), f'confirmed to the applicant but lost: {sorted(accepted - set(saved))}'
    assert {str(m.status) for m in new} <= {'pending'}
    mailed = set(await OutgoingMail.filter(to_address__in=list(saved)).values_list('to_address', flat=True))
    assert mailed == set(saved), f'applications without their receipt e-mail: {sorted(set(saved) - mailed)}'
    return len(saved)
