"""Shared fixtures. Every test gets its own fresh database; nothing of the project's own code is mocked.

Service tests take `db`, which runs on SQLite and, when FLNET_TEST_POSTGRES_URL is set (CI always sets it), on
PostgreSQL too. Page tests take NiceGUI's `user`; the app is pointed at a fresh SQLite file through the environment.
Browser tests (marked `browser`) and other long ones (marked `slow`: the drills) are sorted
first: sync Playwright must never run inside pytest-asyncio's loop, and with pytest-xdist the longest files then
start first while the other worker does the short ones (a shorter run). The quick benchmark (marked `bench`) is
sorted last: its ratios are only fair when no drill's servers or Chromium share the machine's two cores with it.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext, tortoise_test_context

from flnet_ui import events, i18n

pytest_plugins = ['tests.smtp']  # the local SMTP server fixtures

POSTGRES_URL = os.environ.get('FLNET_TEST_POSTGRES_URL', '')
ENGINES = ['sqlite', 'postgres'] if POSTGRES_URL else ['sqlite']
NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)


def postgres_url_for_new_database() -> str:
    base = POSTGRES_URL.rsplit('/', 1)[0]
    return f'{base}/flnet_test_{uuid.uuid4().hex[:12]}'


@pytest.fixture(params=ENGINES)
async def db(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[TortoiseContext]:  # type: ignore[no-untyped-def]
    url = f'sqlite://{tmp_path}/test.sqlite3' if request.param == 'sqlite' else postgres_url_for_new_database()
    # Tortoise caches each model's INSERT/UPDATE SQL by connection name and table, not by dialect: one process that
    # switches engines between tests would reuse SQLite's "?" placeholders on PostgreSQL. The app never switches.
    EXECUTOR_CACHE.clear()
    async with tortoise_test_context(['models'], db_url=url) as ctx:
        yield ctx
    if request.param == 'postgres':
        await drop_postgres_database(url)


async def drop_postgres_database(url: str) -> None:
    name = url.rsplit('/', 1)[1]
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope='session')
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with every migration applied, made once per test process by the real `flnet migrate`.

    Each page test starts the app on a copy of it: the app still checks for pending migrations at start (there are
    none), and the ~0.7 s of applying them all is paid once instead of in each of several hundred tests. The tests
    of migrating itself (test_migrations.py, test_cli.py) use databases of their own."""
    folder = tmp_path_factory.mktemp('migrated')
    database = folder / 'template.sqlite3'
    env = {**os.environ, 'FLNET_DATA_DIR': str(folder / 'data'), 'FLNET_DATABASE_URL': f'sqlite://{database}'}
    subprocess.run([sys.executable, '-m', 'flnet_ui.cli', 'migrate'], env=env, check=True, capture_output=True)
    with sqlite3.connect(database) as connection:   # everything in the main file, nothing left in a WAL
        connection.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    return database


@pytest.fixture(autouse=True)
def fresh_app_database(tmp_path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                       migrated_template: Path) -> None:
    """Point the app (when a test starts it) at a database of its own, already migrated, and reset the language."""
    monkeypatch.setenv('FLNET_DATA_DIR', str(tmp_path / 'data'))
    shutil.copyfile(migrated_template, tmp_path / 'app.sqlite3')
    monkeypatch.setenv('FLNET_DATABASE_URL', f'sqlite://{tmp_path}/app.sqlite3')
    i18n.set_language(None)


@pytest.fixture(autouse=True)
def no_stale_subscriptions() -> Iterator[None]:
    """NiceGUI's test reset forgets module-level events after the first test, so subscriptions made by pages of
    earlier tests (whose clients are gone) would fire into deleted clients. In a running app a closed page
    unsubscribes itself; here each test starts and ends with no subscribers."""
    topics = list(events.TOPICS.values())   # every topic, a new one too
    for topic in topics:
        topic.callbacks.clear()
    events.reset()   # a redraw cut off with its test's event loop never ended its round; pages of earlier tests
    yield
    for topic in topics:
        topic.callbacks.clear()


@pytest.fixture(autouse=True)
def no_event_inside_a_transaction() -> Iterator[None]:
    """Every test of the suite checks that no service emitted an event inside a transaction that was still open
    (events.Topic.emit drops such an event and logs it: its redraws would read before the commit)."""
    events.emitted_inside.clear()
    yield
    emitted, events.emitted_inside[:] = list(events.emitted_inside), []
    assert emitted == [], f'events emitted inside an open transaction: {emitted}'


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist's --dist loadfile reorders the files by their number of tests unless told not to: the drills
    # (a few long tests each) then started last, beside the quick benchmark, whose ratios their four servers spoiled.
    if hasattr(config.option, 'loadscopereorder'):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def order(item: pytest.Item) -> tuple[bool, bool]:
        long = item.get_closest_marker('browser') is not None or item.get_closest_marker('slow') is not None
        return item.get_closest_marker('bench') is not None, not long
    items.sort(key=order)
