"""An empty SQLite database gets the migrated schema in one step instead of through every migration.

Tortoise works out the whole model state again before each migration operation: on an empty database that is about
0.4 s of CPU at every first start (a newcomer's `flnet serve --demo`, each fresh data folder), for the same result
every time. models/migrations/sqlite_schema.json keeps that result: the CREATE statements that an empty SQLite
database has in sqlite_master after all the migrations, and the names of the migrations they stand for.

Only an empty database whose migrations on disk are exactly the ones the file names takes this way; anything else
(a database with tables, a file left behind by a new migration, PostgreSQL) goes through the migrations as before, so
a stale file costs time, never correctness. tests/test_schema_snapshot.py fails when the file no longer matches what
the migrations make; `python -m flnet_ui.schema_snapshot` writes it again.
"""
from __future__ import annotations

import asyncio
import json
import pkgutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.recorder import MigrationRecorder
from tortoise.transactions import in_transaction

import models.migrations

APP = 'models'
SNAPSHOT = Path(models.migrations.__file__).with_name('sqlite_schema.json')
# Tables before their indexes; within a kind, the order SQLite created them in.
_SCHEMA_QUERY = ("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                 "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid")


def migrations_on_disk() -> list[str]:
    """'models.0001_initial', … in the order they apply (the files are numbered and form one line)."""
    return [f'{APP}.{module.name}' for module in sorted(pkgutil.iter_modules(models.migrations.__path__),
                                                        key=lambda module: module.name)]


def is_sqlite(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == 'sqlite'


async def is_empty(connection: BaseDBAsyncClient) -> bool:
    rows = await connection.execute_query_dict("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
    return rows[0]['n'] == 0


async def schema_statements(connection: BaseDBAsyncClient) -> list[str]:
    return [row['sql'] for row in await connection.execute_query_dict(_SCHEMA_QUERY)]


def read() -> dict[str, Any] | None:
    try:
        snapshot = json.loads(SNAPSHOT.read_text(encoding='utf-8'))
    except (OSError, ValueError):
        return None
    return snapshot if isinstance(snapshot, dict) else None


async def create_schema(connection: BaseDBAsyncClient) -> list[str]:
    """On an empty SQLite database whose migrations the snapshot covers: create the schema and record the migrations
    as applied, in one transaction; return their names. Otherwise do nothing and return [] (migrate as usual)."""
    snapshot = read()
    if (snapshot is None or not is_sqlite(connection) or snapshot.get('migrations') != migrations_on_disk()
            or not await is_empty(connection)):
        return []
    async with in_transaction(connection.connection_name) as transaction:
        for statement in snapshot['statements']:
            await transaction.execute_query(statement)
        recorder = MigrationRecorder(transaction)
        for name in snapshot['migrations']:
            await recorder.record_applied(*name.split('.', 1))
    return list(snapshot['migrations'])


async def _migrated_schema() -> dict[str, Any]:
    """What the migrations themselves make of an empty SQLite database."""
    from tortoise.connection import get_connection

    from flnet_ui import db
    with tempfile.TemporaryDirectory() as folder:
        applied = await db.open_database(f'sqlite://{folder}/schema.sqlite3', snapshot=False)
        try:
            statements = await schema_statements(get_connection('default'))
        finally:
            await db.close_database()
    return {'migrations': applied, 'statements': statements}


def write() -> Path:
    snapshot = asyncio.run(_migrated_schema())
    SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
    return SNAPSHOT


if __name__ == '__main__':
    sys.stdout.write(f'Written: {write()}\n')
