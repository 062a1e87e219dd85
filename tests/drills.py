"""Helpers for the reliability drills (tests/test_drill_*.py): fingerprints of an SQLite file, a client that fills in
the public application form of a running server (over the page's own websocket, tests/socket_page.py; the
coordinator's pages are in tests/coordinator.py), and worker processes (`python -m tests.drills COMMAND URL ...`):

  prepare URL [FREE]      a held meeting in the demo network, running, with a roll call that leaves the members at
                          risk (and two more) unrecorded; prints what closing it would do (the service's own preview).
                          With FREE, the capacity is then raised so that the whole waitlist is seated and FREE seats
                          stay free (the preview's promotions then no longer apply)
  close URL MEETING_ID    print "ready", wait for a line on stdin, print "closing", close the meeting, print "closed"
  write URL COUNT         COUNT writes through the services (apply, resign), one transaction each; after each commit
                          prints the fingerprint of the whole database, which no other process writes meanwhile

The last line of `prepare` is its JSON result; `write` prints one JSON line per commit.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import socketio
from tortoise.backends.base.executor import EXECUTOR_CACHE

from flnet_ui.db import close_database, open_database
from flnet_ui.services import attendance, meetings, membership, networks, roll_call, seats
from flnet_ui.services.audit import Actor
from flnet_ui.services.streaks import network_streaks
from models import AttendanceStatus, Membership, MembershipStatus
from tests.socket_page import Lost, SocketPage

COORDINATOR = Actor(None, 'koordinator@demo.flnet.dk')
Fingerprint = dict[str, tuple[int, str]]  # table -> (rows, sha256 of its rows in primary-key order)


# ---------------------------------------------------------------------------------------------------------------
# Looking at an SQLite file from outside the app
# ---------------------------------------------------------------------------------------------------------------

def fingerprint(path: Path) -> Fingerprint:
    """Every table (SQLite's own sqlite_sequence included), in one read transaction: a consistent picture."""
    with contextlib.closing(sqlite3.connect(f'{Path(path).resolve().as_uri()}?mode=ro', uri=True, timeout=30)) as db:
        db.execute('BEGIN')
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        result = {}
        for table in tables:
            digest, count = hashlib.sha256(), 0
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
        return result


def integrity_problems(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        problems = [row[0] for row in db.execute('PRAGMA integrity_check') if row[0] != 'ok']
        return problems + [f'foreign key: {row}' for row in db.execute('PRAGMA foreign_key_check')]


# ---------------------------------------------------------------------------------------------------------------
# The public application form, filled in over the page's own websocket (tests/socket_page.py)
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class FormResult:
    email: str
    outcome: str  # 'accepted' (the receipt with this address was shown), 'refused' (an error was shown) or 'lost'
    detail: str = ''


async def apply_through_form(base: str, number: int, *, municipality: str = 'Aarhus', who: str = 'Nedbrud',
                             timeout: float = 90) -> FormResult:
    """Load /ansoeg, fill in every required field, tick the consent, press "Send ansøgning", wait for the answer.

    Each applicant comes from an address of its own (X-Forwarded-For, which uvicorn trusts from 127.0.0.1), as people
    at fifty libraries would; the rate limit per address is not what the drills are about."""
    email = f'{who.lower()}{number}-{uuid.uuid4().hex[:6]}@bibliotek.dk'
    address = f'10.{number // 200}.{number % 200}.{7 + number % 3}'
    page = SocketPage(base, '/ansoeg', headers={'X-Forwarded-For': address})
    try:
        return await asyncio.wait_for(_fill_in_and_send(page, f'Ansøger {who} {number}', email, municipality),
                                      timeout)
    except (OSError, httpx.HTTPError, socketio.exceptions.SocketIOError, TimeoutError, Lost) as error:
        return FormResult(email, 'lost', f'{type(error).__name__}: {error}')
    finally:
        await page.close()


async def _fill_in_and_send(page: SocketPage, name: str, email: str, municipality: str) -> FormResult:
    await page.open()
    elements = page.elements
    inputs = {e['props'].get('autocomplete'): i for i, e in elements.items() if e['tag'] == 'nicegui-input'}
    selects = [i for i, e in elements.items() if e['tag'] == 'nicegui-select' and e['props'].get('outlined')]
    town, library = selects  # the municipality, then its libraries (filled in by the server once it is chosen)
    await page.emit(inputs['name'], 'update:value', name)
    await page.emit(inputs['email'], 'update:value', email)
    options = elements[town]['props']['options']
    await page.emit(town, 'update:modelValue', next(o for o in options if o['label'] == municipality))
    listed = await page.until(lambda: page.elements[library]['props'].get('options') or None)
    await page.emit(library, 'update:modelValue', listed[0])
    consent = next(i for i, e in elements.items() if e['tag'] == 'q-checkbox')
    await page.emit(consent, 'update:modelValue', True)
    await page.click(next(i for i, e in elements.items() if e['tag'] == 'q-btn' and i > consent))
    while True:
        changed = [e for e in (await page.next_change()).values() if isinstance(e, dict)]
        texts = ' '.join(e.get('text', '') for e in changed)
        if any(e.get('props', {}).get('data-receipt') for e in changed):
            # The receipt names the address it was sent to: it must be this applicant's own.
            return FormResult(email, 'accepted' if email in texts else 'refused', texts[:300])
        errors = [e['props']['error'] for e in changed if e.get('props', {}).get('error')]
        alerts = [e.get('text', '') for e in changed if e.get('props', {}).get('role') == 'alert' and e.get('text')]
        if errors or alerts:
            return FormResult(email, 'refused', '; '.join(errors + alerts))


@contextlib.asynccontextmanager
async def opened(url: str) -> AsyncIterator[None]:
    """The ORM in this process, on the drill's database (to look at it, or to set it up)."""
    EXECUTOR_CACHE.clear()  # the SQL cached for another engine by an earlier test in this process
    await open_database(url, migrate=False)
    try:
        yield
    finally:
        await close_database()


# ---------------------------------------------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------------------------------------------

async def prepare(url: str, free_seats: str = '0') -> dict[str, object]:
    await open_database(url)
    network = await networks.default_network()
    now = dt.datetime.now(dt.UTC)
    meeting = await meetings.plan_meeting(network_id=network.id, title='Temadag: når strømmen går',
                                          date=(now - dt.timedelta(days=1)).date(), starts_at=dt.time(10),
                                          ends_at=dt.time(15, 30), by=COORDINATOR, now=now)
    await roll_call.start_roll_call(meeting_id=meeting.id, by=COORDINATOR, now=now)
    streaks = await network_streaks(network.id, now=now)
    active = await Membership.filter(network_id=network.id, status=MembershipStatus.ACTIVE).order_by('id')
    at_risk = [m.id for m in active if streaks[m.id].at_risk]
    others = [m.id for m in active if m.id not in at_risk]
    unrecorded = {*at_risk, *others[:2]}  # the close marks these absent, and deregisters those at risk
    for n, member in enumerate(m for m in active if m.id not in unrecorded):
        status = AttendanceStatus.APOLOGY if n % 9 == 4 else AttendanceStatus.PRESENT
        await attendance.record_attendance(meeting_id=meeting.id, membership_id=member.id, status=status,
                                           by=COORDINATOR, now=now)
    preview = await attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR, now=now, preview=True)
    if int(free_seats):
        taken, waiting = await seats.seats_taken(network.id), await seats.waitlisted(network.id).count()
        await membership.set_capacity(network_id=network.id, capacity=taken + waiting + int(free_seats),
                                      reason='Øvelse: ledige pladser', by=COORDINATOR, now=now)
    return {'meeting_id': meeting.id, 'network_id': network.id, 'at_risk': at_risk,
            **{name: sorted(m.id for m in getattr(preview, name))
               for name in ('marked_absent', 'deregistered', 'promoted', 'offered')}}


async def close(url: str, meeting_id: str) -> dict[str, object]:
    await open_database(url, migrate=False)
    await attendance.attendance_of(int(meeting_id))  # connected before the signal
    _say('ready')
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    _say('closing')
    result = await attendance.close_meeting(meeting_id=int(meeting_id), by=COORDINATOR, now=dt.datetime.now(dt.UTC))
    _say('closed')
    return {'deregistered': sorted(m.id for m in result.deregistered)}


async def write(url: str, count: str) -> dict[str, object]:
    """The app at work: applications (approved at once: a seat or the waitlist) and now and then a resignation, which
    hands the seat to the first on the waitlist. Each is one transaction of the services."""
    await open_database(url)
    network = await networks.ensure_default_network(now=dt.datetime.now(dt.UTC))
    path = Path(url.split('://', 1)[1].split('?', 1)[0])
    start = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
    for k in range(1, int(count) + 1):
        now = start + dt.timedelta(minutes=k)
        if k % 4:
            await membership.apply(network_id=network.id, name=f'Skribent {k} Ærø', email=f'skribent{k}@bib.dk',
                                   approve=True, by=COORDINATOR, now=now)
        else:
            oldest = await Membership.filter(network_id=network.id, status=MembershipStatus.ACTIVE).order_by('id') \
                .first()
            await membership.resign(membership_id=oldest.id, reason='Nyt job', by=COORDINATOR, now=now)  # type: ignore[union-attr]
        _say(json.dumps({'k': k, 'fingerprint': fingerprint(path)}))
    return {'done': int(count)}


def _say(line: str) -> None:
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


COMMANDS: dict[str, Callable[..., Awaitable[dict[str, object]]]] = {'prepare': prepare, 'close': close, 'write': write}


async def main(command: str, *args: str) -> None:
    try:
        result = await COMMANDS[command](*args)
    finally:
        await close_database()
    _say(json.dumps(result))


if __name__ == '__main__':
    asyncio.run(main(*sys.argv[1:]))
