"""Several `flnet serve` processes on one PostgreSQL database, as in production behind a load balancer (README "Several
processes"): tests/test_browser_processes.py (in Chromium) and tests/test_drill_processes.py (many people at once)."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest

from tests.browser import Server
from tests.conftest import POSTGRES_URL, drop_postgres_database, postgres_url_for_new_database

REDIS_URL = 'redis://127.0.0.1:6379'  # the machine's own; each run under a key prefix of its own


@contextmanager
def servers_on_postgresql(root: Path, count: int) -> Iterator[tuple[str, list[Server]]]:
    """`count` processes on one new database, set up as the README says: the same database and storage secret, and
    NiceGUI's per-browser storage in Redis. The first loads the demo into the empty database, the others find it full.
    Yields the database URL and the servers; stops them and drops the database after. Synchronous (the browser tests
    must not run inside an event loop). Needs FLNET_TEST_POSTGRES_URL."""
    url = postgres_url_for_new_database()
    asyncio.run(_create_database(url.rsplit('/', 1)[1]))
    started: list[Server] = []
    with pytest.MonkeyPatch.context() as env:
        env.setenv('NICEGUI_REDIS_URL', REDIS_URL)
        env.setenv('NICEGUI_REDIS_KEY_PREFIX', f'flnet-test-{uuid.uuid4().hex[:8]}:')
        try:
            for n in range(count):
                server = Server(root / f'data-{n}', '--db', url, *(['--demo'] if n == 0 else []))
                server.start()
                started.append(server)
            yield url, started
        finally:
            for server in started:
                server.stop()
            asyncio.run(drop_postgres_database(url))


def logged_errors(servers: list[Server]) -> list[str]:
    """What the servers have logged as errors so far: the last line of every traceback, with its server's port.

    Not what Python prints as "Exception ignored in: <finalize ...>": NiceGUI's dialogs delete themselves when they
    are collected, which raises when the page (its client) is already gone; nothing of the app runs there."""
    found = []
    for server in servers:
        log = server.data_dir.parent / f'server-{server.port}-{server.starts}.log'
        in_traceback, ignored = False, False
        for line in log.read_text(errors='replace').splitlines():
            if line.startswith('Exception ignored in'):
                ignored = True
            elif line.startswith('Traceback'):
                in_traceback = True
            elif in_traceback and line and not line.startswith(' '):
                if not ignored:
                    found.append(f'{server.port}: {line}')
                in_traceback, ignored = False, False
    return found


async def _create_database(name: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
