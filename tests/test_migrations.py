"""Schema changes go through migrations: the models and the migration files agree, and they apply on both engines."""
from __future__ import annotations

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from flnet_ui import db
from models import Network
from tests.conftest import POSTGRES_URL, drop_postgres_database, postgres_url_for_new_database


async def test_models_have_no_changes_without_a_migration() -> None:
    config = db.tortoise_config('sqlite://:memory:')
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config['apps']).changes()
    assert not writers, 'the models changed without a migration: run `tortoise makemigrations`'


@pytest.mark.parametrize('engine', ['sqlite', pytest.param('postgres', marks=pytest.mark.postgres)])
async def test_migrations_apply_to_an_empty_database_and_then_nothing_is_pending(engine: str, tmp_path) -> None:
    if engine == 'postgres' and not POSTGRES_URL:
        pytest.skip('FLNET_TEST_POSTGRES_URL is not set')
    url = f'sqlite://{tmp_path}/m.sqlite3' if engine == 'sqlite' else postgres_url_for_new_database()
    EXECUTOR_CACHE.clear()
    if engine == 'postgres':
        import asyncpg
        admin = await asyncpg.connect(POSTGRES_URL)
        await admin.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
        await admin.close()
    try:
        applied = await db.open_database(url, snapshot=False)  # every migration itself (test_schema_snapshot.py)
        assert applied == ['models.0001_initial', 'models.0002_logins_and_answers', 'models.0003_outgoing_mail',
                           'models.0004_members_and_public', 'models.0005_meeting_times_in_utc',
                           'models.0006_meeting_board', 'models.0007_between_items',
                           'models.0008_minutes', 'models.0009_status_changes_index']
        assert await db.pending_migrations() == []
        await Network.create(name='Prøvenetværk – æøå')
        assert (await Network.get(name='Prøvenetværk – æøå')).capacity == 40
    finally:
        await db.close_database()
        if engine == 'postgres':
            await drop_postgres_database(url)


async def test_every_sqlite_index_is_on_real_columns(tmp_path) -> None:
    """SQLite takes an unknown quoted name in CREATE INDEX as a string literal; PostgreSQL refuses it. Catch it here."""
    EXECUTOR_CACHE.clear()
    await db.open_database(f'sqlite://{tmp_path}/i.sqlite3')
    try:
        from tortoise.connection import get_connection
        connection = get_connection('default')
        indexes = await connection.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert indexes
        for index in indexes:
            columns = await connection.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
            assert all(column['name'] is not None for column in columns), f'{index["name"]} indexes an expression'
    finally:
        await db.close_database()


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    EXECUTOR_CACHE.clear()
    await db.open_database(f'sqlite://{tmp_path}/w.sqlite3')
    try:
        from tortoise.connection import get_connection
        connection = get_connection('default')
        assert (await connection.execute_query_dict('PRAGMA journal_mode'))[0]['journal_mode'] == 'wal'
        assert (await connection.execute_query_dict('PRAGMA busy_timeout'))[0]['timeout'] == 10000
        assert (await connection.execute_query_dict('PRAGMA foreign_keys'))[0]['foreign_keys'] == 1
    finally:
        await db.close_database()


async def test_meeting_times_stored_with_a_danish_offset_are_rewritten_in_utc(tmp_path) -> None:
    import datetime as dt
    import importlib
    from types import SimpleNamespace

    from tortoise import connections

    from models import Meeting
    repair = importlib.import_module('models.migrations.0005_meeting_times_in_utc').meeting_times_to_utc
    EXECUTOR_CACHE.clear()
    await db.open_database(f'sqlite://{tmp_path}/m.sqlite3')
    try:
        network = await Network.create(name='Tidszoner')
        client = connections.get('default')
        # What an update of an aware Danish time wrote before the fix: local time with its offset, as text.
        await client.execute_query(
            "INSERT INTO meeting (network_id, title, description, starts_at, ends_at, address, status, created_at) "
            "VALUES (?, 'Sommermødet', '', '2026-06-10 10:00:00+02:00', '2026-06-10 15:30:00+02:00', '', "
            "'planned', '2026-01-01 00:00:00+00:00')", [network.id])
        moment = dt.datetime(2026, 6, 10, 8, 0, tzinfo=dt.UTC)
        assert await Meeting.filter(starts_at__lte=moment).count() == 0  # wrong while the offset is there

        await repair(None, SimpleNamespace(client=client))

        assert await Meeting.filter(starts_at__lte=moment).count() == 1
        meeting = await Meeting.get(title='Sommermødet')
        assert (meeting.starts_at, meeting.ends_at) == (moment, dt.datetime(2026, 6, 10, 13, 30, tzinfo=dt.UTC))
    finally:
        await db.close_database()
