"""An empty SQLite database takes the migrated schema in one step (flnet_ui/schema_snapshot.py): the result is exactly
what the migrations make, and anything the snapshot does not cover still goes through the migrations."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connection

from flnet_ui import db, schema_snapshot
from models import Network


def _schema(path: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute('SELECT type, name, tbl_name, sql FROM sqlite_master'))


def _migrations(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute('SELECT app, name FROM tortoise_migrations ORDER BY id')
        return [f'{app}.{name}' for app, name in rows]


async def _open(path: Path, *, snapshot: bool) -> list[str]:
    EXECUTOR_CACHE.clear()
    try:
        return await db.open_database(f'sqlite://{path}', snapshot=snapshot)
    finally:
        await db.close_database()


async def test_the_snapshot_is_what_the_migrations_make_now() -> None:
    made = await schema_snapshot._migrated_schema()
    kept = schema_snapshot.read()
    assert kept is not None, f'{schema_snapshot.SNAPSHOT} is missing'
    assert kept == made, ('the migrations changed: write the snapshot again with '
                          '`.venv/bin/python -m flnet_ui.schema_snapshot` and commit it')
    assert made['migrations'] == schema_snapshot.migrations_on_disk()


async def test_an_empty_database_from_the_snapshot_equals_a_migrated_one(tmp_path: Path) -> None:
    migrated, snapshotted = tmp_path / 'migrated.sqlite3', tmp_path / 'snapshot.sqlite3'
    through_migrations = await _open(migrated, snapshot=False)
    from_snapshot = await _open(snapshotted, snapshot=True)
    assert from_snapshot == through_migrations == schema_snapshot.migrations_on_disk()
    assert _schema(snapshotted) == _schema(migrated)  # every table, index and constraint, as the same SQL text
    assert _migrations(snapshotted) == _migrations(migrated)
    EXECUTOR_CACHE.clear()
    await db.open_database(f'sqlite://{snapshotted}')   # opened again: nothing pending, and the models work on it
    try:
        assert await db.pending_migrations() == []
        await Network.create(name='Prøvenetværk – æøå')
        assert (await Network.get(name='Prøvenetværk – æøå')).capacity == 40
    finally:
        await db.close_database()


async def test_a_database_with_tables_is_left_to_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / 'used.sqlite3'
    with sqlite3.connect(path) as connection:
        connection.execute('CREATE TABLE something_else (id INTEGER)')
    EXECUTOR_CACHE.clear()
    await db.open_database(f'sqlite://{path}', migrate=False)
    try:
        assert await schema_snapshot.create_schema(get_connection('default')) == []
        assert await db.pending_migrations() == schema_snapshot.migrations_on_disk()  # untouched
    finally:
        await db.close_database()


async def test_a_stale_snapshot_costs_time_not_correctness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new migration whose author forgot to write the snapshot again: the snapshot is not used, every migration is."""
    stale = schema_snapshot.read()
    assert stale is not None
    stale = {'migrations': stale['migrations'][:-1], 'statements': ['CREATE TABLE "wrong" ("id" INTEGER)']}
    monkeypatch.setattr(schema_snapshot, 'SNAPSHOT', tmp_path / 'stale.json')
    schema_snapshot.SNAPSHOT.write_text(json.dumps(stale))
    applied = await _open(tmp_path / 'fresh.sqlite3', snapshot=True)
    assert applied == schema_snapshot.migrations_on_disk()
    assert 'wrong' not in {name for _type, name, _table, _sql in _schema(tmp_path / 'fresh.sqlite3')}


async def test_a_missing_or_broken_file_is_no_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_snapshot, 'SNAPSHOT', tmp_path / 'missing.json')
    assert schema_snapshot.read() is None
    schema_snapshot.SNAPSHOT.write_text('{not json')
    assert schema_snapshot.read() is None
    assert await _open(tmp_path / 'fresh.sqlite3', snapshot=True) == schema_snapshot.migrations_on_disk()
