"""Backup and restore of a real SQLite database file with the app's schema (migrations applied, WAL mode on)."""
from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.transactions import in_transaction

from flnet_ui import db as database
from flnet_ui.backup import BackupError, backup, restore
from models import AuditEntry, Membership, Person
from tests import factories as f
from tests.conftest import NOW

TABLES = ('network', 'person', 'membership', 'audit_entry', 'library')


@asynccontextmanager
async def opened(path: Path) -> AsyncIterator[None]:
    """The app's own way in: open_database (migrations, WAL pragmas) on a file, always closed again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    EXECUTOR_CACHE.clear()  # a PostgreSQL test earlier in this process may have left its SQL for 'default'
    await database.open_database(f'sqlite://{path}')
    try:
        yield
    finally:
        await database.close_database()


async def seeded(path: Path, *, members: int = 3, capacity: int = 2) -> Path:
    async with opened(path):
        net = await f.network(capacity=capacity)
        await f.library()
        await f.members(net, members, now=NOW)
    return path


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {table: connection.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0] for table in TABLES}


def sample(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute('SELECT p.email, m.status FROM membership m JOIN person p ON p.id = m.person_id '
                                  'ORDER BY p.email').fetchall()


def journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute('PRAGMA journal_mode').fetchone()[0]


async def test_backup_then_restore_into_a_new_path(tmp_path: Path) -> None:
    live = await seeded(tmp_path / 'data' / 'flnet.sqlite3')
    copy = tmp_path / 'backups' / '2026' / 'marts.sqlite3'  # folders that do not exist yet
    backup(f'sqlite://{live}?journal_mode=WAL', copy)
    assert journal_mode(copy) == 'delete'  # one self-contained file, no -wal to forget when moving it
    assert not list(copy.parent.glob('.*partial*'))

    restored = tmp_path / 'elsewhere' / 'flnet.sqlite3'
    restore(copy, restored, force=False)
    assert counts(restored) == counts(live)
    assert counts(live)['person'] == 3 and counts(live)['membership'] == 3
    assert sample(restored) == sample(live)
    assert [status for _, status in sample(restored)] == ['active', 'active', 'waitlisted']

    async with opened(restored):  # the app can run on it: nothing to migrate, the ORM reads it
        assert await database.pending_migrations() == []
        assert await Membership.filter(status='waitlisted').count() == 1


async def test_backup_while_the_app_writes(tmp_path: Path) -> None:
    live = tmp_path / 'flnet.sqlite3'
    copies: list[Path] = []
    async with opened(live):
        await f.network()
        done = asyncio.Event()

        async def writer() -> None:
            # Each transaction adds a person and an audit entry together: a consistent snapshot has equal numbers.
            for i in range(300):
                async with in_transaction():
                    person = await Person.create(name=f'Skriver {i}', email=f'skriver{i}@bib.dk')
                    await AuditEntry.create(at=NOW, subject='test', action='write', person_id=person.id)
            done.set()

        async def backups() -> None:
            while not done.is_set():
                copies.append(tmp_path / 'backups' / f'{len(copies)}.sqlite3')
                await asyncio.to_thread(backup, live, copies[-1])

        await asyncio.gather(writer(), backups())
        # Taken while the app still has the database open: the last commits may live only in the -wal file.
        copies.append(tmp_path / 'backups' / 'final.sqlite3')
        backup(live, copies[-1])

    seen = []
    for copy in copies:
        with closing(sqlite3.connect(copy)) as connection:
            assert connection.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
            people = connection.execute('SELECT COUNT(*) FROM person').fetchone()[0]
            entries = connection.execute("SELECT COUNT(*) FROM audit_entry WHERE subject = 'test'").fetchone()[0]
        assert people == entries, copy
        seen.append(people)
    assert seen[-1] == 300
    assert seen == sorted(seen)
    assert any(0 < people < 300 for people in seen), seen  # at least one copy was really taken mid-write


async def test_restore_refuses_a_database_with_data_unless_forced(tmp_path: Path) -> None:
    source = await seeded(tmp_path / 'a' / 'flnet.sqlite3', members=4, capacity=3)
    copy = tmp_path / 'a.backup'
    backup(source, copy)
    target = await seeded(tmp_path / 'b' / 'flnet.sqlite3', members=1)
    before = counts(target)

    with pytest.raises(BackupError, match='already holds data') as caught:
        restore(copy, target, force=False)
    assert 'network, person' in str(caught.value)  # the tables that matter most are named first
    assert '\n' not in str(caught.value)
    assert counts(target) == before

    restore(copy, f'sqlite://{target}', force=True)
    assert counts(target) == counts(source)
    assert sample(target) == sample(source)


async def test_restore_into_a_freshly_set_up_empty_database_needs_no_force(tmp_path: Path) -> None:
    copy = tmp_path / 'copy.sqlite3'
    backup(await seeded(tmp_path / 'a.sqlite3'), copy)
    fresh = tmp_path / 'fresh.sqlite3'
    async with opened(fresh):  # migrations applied, no data: what a new installation has
        pass
    restore(copy, fresh, force=False)
    assert counts(fresh)['person'] == 3


async def test_restore_goes_through_sqlite_even_with_a_wal_file_in_use(tmp_path: Path) -> None:
    copy = tmp_path / 'copy.sqlite3'
    backup(await seeded(tmp_path / 'a.sqlite3'), copy)
    target = await seeded(tmp_path / 'b.sqlite3', members=1)
    # Someone still holds the old database with commits only in its -wal: a plain file copy would have those frames
    # replayed over the restored file when that connection checkpoints.
    holder = sqlite3.connect(target)
    try:
        holder.execute('PRAGMA journal_mode=WAL')
        holder.execute('PRAGMA wal_autocheckpoint=0')
        holder.execute("UPDATE person SET name = 'Gammel'")
        holder.commit()
        assert Path(f'{target}-wal').stat().st_size > 0
        restore(copy, target, force=True)
    finally:
        holder.close()  # checkpoints whatever is in the -wal now
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
        assert connection.execute("SELECT COUNT(*) FROM person WHERE name = 'Gammel'").fetchone()[0] == 0
    assert counts(target)['person'] == 3


async def test_corrupt_or_foreign_sources_are_refused(tmp_path: Path) -> None:
    target = tmp_path / 'new' / 'flnet.sqlite3'
    text = tmp_path / 'notes.sqlite3'
    text.write_text('ikke en database\n' * 1000)
    with pytest.raises(BackupError, match='not an SQLite database'):
        restore(text, target, force=False)

    corrupt = tmp_path / 'corrupt.sqlite3'
    backup(await seeded(tmp_path / 'a.sqlite3', members=10), corrupt)
    data = bytearray(corrupt.read_bytes())
    data[4096:] = bytes((i * 37) % 251 for i in range(len(data) - 4096))  # every page after the first
    corrupt.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore(corrupt, target, force=True)

    foreign = tmp_path / 'foreign.sqlite3'
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute('CREATE TABLE something (x)')
        connection.commit()
    with pytest.raises(BackupError, match='not a backup of this app'):
        restore(foreign, target, force=True)

    with pytest.raises(BackupError, match='no backup file'):
        restore(tmp_path / 'missing.sqlite3', target, force=True)
    assert not target.exists() and not target.parent.exists()


async def test_restore_never_overwrites_something_that_is_not_a_database(tmp_path: Path) -> None:
    copy = tmp_path / 'copy.sqlite3'
    backup(await seeded(tmp_path / 'a.sqlite3'), copy)
    precious = tmp_path / 'thesis.docx'
    precious.write_bytes(b'PK\x03\x04 not sqlite')
    with pytest.raises(BackupError, match='not an SQLite database'):
        restore(copy, precious, force=True)
    assert precious.read_bytes() == b'PK\x03\x04 not sqlite'


async def test_backup_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    live = await seeded(tmp_path / 'flnet.sqlite3')
    copy = tmp_path / 'copy.sqlite3'
    copy.write_bytes(b'an older backup')
    with pytest.raises(BackupError, match='already exists'):
        backup(live, copy)
    assert copy.read_bytes() == b'an older backup'
    backup(live, copy, force=True)
    assert counts(copy) == counts(live)
    with pytest.raises(BackupError, match='cannot be the database itself'):
        backup(live, live, force=True)


def test_backup_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match='no database'):
        backup(tmp_path / 'missing.sqlite3', tmp_path / 'out' / 'copy.sqlite3')
    assert not (tmp_path / 'missing.sqlite3').exists()
    assert not (tmp_path / 'out').exists()


@pytest.mark.parametrize('url', ['postgres://postgres@127.0.0.1:5432/flnet', 'postgresql://u:p@db/flnet'])
def test_postgresql_is_refused_with_a_pointer_to_pg_dump(tmp_path: Path, url: str) -> None:
    with pytest.raises(BackupError, match='pg_dump') as caught:
        backup(url, tmp_path / 'copy.sqlite3')
    assert 'p@db' not in str(caught.value)  # the message never repeats a URL that may hold a password
    with pytest.raises(BackupError, match='pg_restore'):
        restore(tmp_path / 'copy.sqlite3', url, force=True)
    assert not (tmp_path / 'copy.sqlite3').exists()


def test_in_memory_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match='in-memory'):
        backup('sqlite://:memory:', tmp_path / 'copy.sqlite3')
