"""The one database layer for both engines: configuration, opening and closing, migrations, and the seat lock."""
from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor
from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)

MODEL_MODULES = ['models']
MIGRATIONS_MODULE = 'models.migrations'
# Another writer (a second process, a backup) may hold SQLite's write lock for a moment: wait instead of failing.
SQLITE_PRAGMAS = {'journal_mode': 'WAL', 'busy_timeout': '10000', 'synchronous': 'NORMAL', 'foreign_keys': 'ON'}


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        'connections': {'default': _with_sqlite_pragmas(database_url)},
        'apps': {'models': {'models': MODEL_MODULES, 'migrations': MIGRATIONS_MODULE, 'default_connection': 'default'}},
        'use_tz': True,
        'timezone': 'UTC',
    }


def _with_sqlite_pragmas(url: str) -> str:
    if not url.startswith('sqlite://') or url.endswith(':memory:'):
        return url
    present = url.split('?', 1)[1].split('&') if '?' in url else []
    missing = [f'{key}={value}' for key, value in SQLITE_PRAGMAS.items()
               if not any(part.startswith(f'{key}=') for part in present)]
    return url + ('&' if present else '?') + '&'.join(missing) if missing else url


# For the `tortoise` command-line tool (makemigrations); the app itself never reads this.
TORTOISE_ORM = tortoise_config(os.environ.get('FLNET_DATABASE_URL', 'sqlite://:memory:'))


async def open_database(database_url: str, *, migrate: bool = True, snapshot: bool = True) -> list[str]:
    """Initialise the ORM for the whole process and (by default) apply pending migrations; returns their names.
    `snapshot=False` makes an empty SQLite database go through every migration too (flnet_ui/schema_snapshot.py)."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    return await apply_migrations(snapshot=snapshot) if migrate else []


async def close_database() -> None:
    await Tortoise.close_connections()


async def apply_migrations(*, snapshot: bool = True) -> list[str]:
    from flnet_ui import schema_snapshot
    connection = get_connection('default')
    created = await schema_snapshot.create_schema(connection) if snapshot else []
    if created:
        return created
    config = tortoise_config('sqlite://:memory:')['apps']
    executor = MigrationExecutor(connection, config)
    plan = await executor.plan(None)
    applied = [f'{step.migration.app_label}.{step.migration.name}' for step in plan if not step.backward]
    if applied:
        await executor.migrate(None)
    return applied


async def pending_migrations() -> list[str]:
    executor = MigrationExecutor(get_connection('default'), tortoise_config('sqlite://:memory:')['apps'])
    return [f'{step.migration.app_label}.{step.migration.name}' for step in await executor.plan(None)]


def in_open_transaction() -> bool:
    """True inside a transaction that has not committed yet (the caller's, after a nested one of ours ended). An event
    emitted now would make pages read before the commit, and every task it starts (a page's redraw, the outbox's)
    inherits the transaction: on PostgreSQL such a task then uses the transaction's connection at the same time as
    the code that commits it ("another operation is in progress", which can fail the commit itself). False where no
    database is open (an event emitted by code that has none)."""
    try:
        return isinstance(get_connection('default'), TransactionalDBClient)
    except RuntimeError:   # Tortoise is not initialised: no transaction either
        return False


@asynccontextmanager
async def seat_lock(network_id: int) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction that holds the network's write lock from its first statement.

    Every change that can fill or free a seat runs inside this. Its first statement writes the network row: on
    PostgreSQL that takes the row lock (a second transaction waits at this line, then reads committed data); on
    SQLite it takes the database write lock at once (other processes wait through busy_timeout) instead of upgrading a
    read lock later, which is where SQLite gives "database is locked". So counting seats and then writing is safe
    on both engines, in one process or several.
    """
    from models import Network

    async with in_transaction() as connection:
        bumped = await connection.execute_query(
            f'UPDATE {Network._meta.db_table} SET revision = revision + 1 WHERE id = {int(network_id)}')
        if not bumped[0]:
            from flnet_ui.i18n import _
            from flnet_ui.services.errors import DomainError
            raise DomainError(_('The network does not exist.'))
        yield connection
