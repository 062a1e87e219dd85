"""Drill: `flnet backup` while the app writes, then `flnet restore` into a new data folder.

What "identical" can mean with a live writer: the backup is one read transaction, so it must equal the source as it
was at one moment between two commits, some moment while the backup command ran; not a mix of before and after. The
writer (tests/drills.py `write`, the services in a process of their own) is the only one writing, and after each of
its commits it fingerprints the whole database (row count and a hash of the rows, per table). So every state the
source went through is known, and the restored database must match one of them exactly, one that lies between the
last commit before the backup started and the first commit after it ended. The restored data must also keep I1-I4.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from flnet_ui import db as database
from tests import drills
from tests.invariants import Tracker, check_invariants

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BACKUPS = 3


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL'}}


async def _flnet(*args: str) -> str:
    process = await asyncio.create_subprocess_exec(sys.executable, '-m', 'flnet_ui.cli', *args, cwd=ROOT, env=_env(),
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    return out.decode()


class Writer:
    """The writing process, and every state of the database it left behind, by commit number."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.states: dict[int, drills.Fingerprint] = {}
        self.reading = asyncio.create_task(self._read())

    @property
    def last(self) -> int:
        return max(self.states, default=0)

    async def _read(self) -> None:
        while line := await self.process.stdout.readline():  # type: ignore[union-attr]
            said = json.loads(line)
            if 'k' in said:
                self.states[said['k']] = {table: tuple(v) for table, v in said['fingerprint'].items()}  # type: ignore[misc]

    async def until(self, k: int) -> None:
        while self.last < k:
            assert self.process.returncode is None, (await self.process.stderr.read()).decode()  # type: ignore[union-attr]
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
        await self.process.wait()
        self.reading.cancel()


async def test_a_backup_taken_during_writes_restores_to_one_moment_of_the_source(tmp_path: Path) -> None:
    data = tmp_path / 'data'
    source = data / 'flnet.sqlite3'
    await _flnet('migrate', '--data-dir', str(data))
    writer = Writer(await asyncio.create_subprocess_exec(
        sys.executable, '-m', 'tests.drills', 'write', f'sqlite://{source}', '100000', cwd=ROOT, env=_env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, limit=2**24))
    windows: list[tuple[int, int]] = []
    try:
        await writer.until(30)  # some seats taken, a waitlist, resignations that promote
        for n in range(BACKUPS):
            started = writer.last
            said = await _flnet('backup', str(tmp_path / f'backup-{n}.sqlite3'), '--data-dir', str(data))
            assert 'integrity ok' in said
            windows.append((started, writer.last + 1))  # the commit after the last one heard may already be in it
            await writer.until(writer.last + 5)
        await writer.until(windows[-1][1])
    finally:
        await writer.stop()

    matched = []
    for n, (first, last) in enumerate(windows):
        restored = tmp_path / f'restored-{n}'
        assert 'integrity ok' in await _flnet('restore', str(tmp_path / f'backup-{n}.sqlite3'), '--data-dir',
                                              str(restored))
        path = restored / 'flnet.sqlite3'
        assert drills.integrity_problems(path) == []
        state = drills.fingerprint(path)
        assert state == drills.fingerprint(tmp_path / f'backup-{n}.sqlite3')
        moments = [k for k, seen in writer.states.items() if seen == state]
        assert moments, f'backup {n} equals no state the source was ever in: {_nearest(writer.states, state, last)}'
        assert first <= moments[0] <= last, f'backup {n} is the state after commit {moments[0]}, not {first}..{last}'
        matched.append(moments[0])
        await _keeps_the_invariants(path)
    assert any(last - 1 > first for first, last in windows), f'no commit happened during any backup: {windows}'
    print(f'\nbackup windows (commits) {windows}; each restored database equals the source after commit {matched}')  # noqa: T201


async def _keeps_the_invariants(path: Path) -> None:
    """The restored database opens in the app with nothing to migrate, and its history passes I1-I4 from the start."""
    EXECUTOR_CACHE.clear()
    await database.open_database(f'sqlite://{path}', migrate=False)
    try:
        assert await database.pending_migrations() == []
        from models import Network
        await check_invariants(Tracker((await Network.all().order_by('id').first()).id), context=str(path))  # type: ignore[union-attr]
    finally:
        await database.close_database()


def _nearest(states: dict[int, drills.Fingerprint], state: drills.Fingerprint, around: int) -> str:
    """Which tables differ from the source's state at the end of the backup window: for the failure message."""
    near = states.get(around) or states[max(states)]
    return ', '.join(f'{table} {state.get(table)} vs {near.get(table)}' for table in sorted(set(state) | set(near))
                     if state.get(table) != near.get(table))
