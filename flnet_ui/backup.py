"""Backup and restore of an SQLite database, for `flnet backup FILE` and `flnet restore FILE`.

Both go through SQLite's online backup API, never a file copy: the app runs in WAL mode, so recent commits may live
only in the -wal file beside the database, and a copied file would silently lack them (or be torn mid-write). The API
reads one consistent snapshot while the app keeps serving, and writes through SQLite's own locking.

Errors are BackupError with one English line meant for the terminal; the command line prints it and exits non-zero.
PostgreSQL has its own tools for this (pg_dump / pg_restore), which know about its roles, sequences and versions.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

SQLITE_HEADER = b'SQLite format 3\x00'
# Tables that say nothing about whether a database holds anyone's data: SQLite's own, and the list of applied
# migrations that every freshly set-up installation already has.
_BOOKKEEPING_TABLES = {'tortoise_migrations'}
# Writers in the running app hold the lock for milliseconds; wait for them rather than fail.
_BUSY_TIMEOUT_SECONDS = 30


class BackupError(Exception):
    """The backup or restore did not happen (or its result is unsafe); the message says why in one line."""


def backup(database_url_or_path: str | os.PathLike[str], target: Path, *, force: bool = False) -> None:
    """Copy the live database to `target` (folders created), as one self-contained file, and check the copy.

    Safe while the app serves writes. An existing `target` is kept unless `force`; even then it is only replaced once
    the new copy has passed its integrity check.
    """
    source = _sqlite_path(database_url_or_path)
    target = Path(target)
    if not source.is_file():
        raise BackupError(f'There is no database at {source}')
    if target.exists() and not force:
        raise BackupError(f'{target} already exists; choose another file name, or use --force to overwrite it')
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError('The backup file cannot be the database itself')
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f'Cannot create the folder {target.parent}: {error.strerror or error}') from error
    # Written beside the target and renamed at the end: an interrupted or failed backup never leaves a half file
    # under the name a person will later restore from.
    partial = target.with_name(f'.{target.name}.partial-{os.getpid()}')
    _remove_database_files(partial)
    try:
        with _connect_read_only(source) as src, contextlib.closing(sqlite3.connect(partial)) as dst:
            # pages=-1 (the default) copies everything in one step, under one read transaction: a consistent snapshot.
            src.backup(dst)
            # The copy inherits WAL mode from the header; a backup should be one file that can be moved on its own.
            dst.execute('PRAGMA journal_mode=DELETE')
        _check_integrity(partial, what='The backup copy')
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f'The backup of {source} failed: {error}') from error
    except OSError as error:
        raise BackupError(f'Cannot write {target}: {error.strerror or error}') from error
    finally:
        _remove_database_files(partial)


def restore(source: Path, database_path: str | os.PathLike[str], *, force: bool) -> None:
    """Replace the database at `database_path` (a path or an sqlite:// URL) with the backup `source`.

    The source must be an intact SQLite database from this app. A database that already holds data is only
    overwritten with `force`. Stop the app first: it would keep serving what it had in memory.
    """
    source = Path(source)
    database = _sqlite_path(database_path)
    if not source.is_file():
        raise BackupError(f'There is no backup file at {source}')
    if not _has_sqlite_header(source):
        raise BackupError(f'{source} is not an SQLite database')
    _check_integrity(source, what=str(source))
    try:
        with _connect_read_only(source) as src:
            tables = _tables(src)
    except sqlite3.Error as error:
        raise BackupError(f'{source} cannot be read as an SQLite database: {error}') from error
    if 'network' not in tables:
        raise BackupError(f'{source} is an SQLite database but not a backup of this app (it has no network table)')
    if database.exists() and database.resolve() == source.resolve():
        raise BackupError('The backup file and the database are the same file')
    existed = database.exists()
    if existed:
        if not _has_sqlite_header(database) and database.stat().st_size > 0:
            # Never overwrite something that is not ours, force or not: move it away by hand.
            raise BackupError(f'{database} exists and is not an SQLite database; move it away first')
        if not force and (filled := _tables_with_rows(database)):
            raise BackupError(f'{database} already holds data ({", ".join(filled)}); use --force to replace it')
    else:
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BackupError(f'Cannot create the folder {database.parent}: {error.strerror or error}') from error
    try:
        with (_connect_read_only(source) as src,
              contextlib.closing(sqlite3.connect(database, timeout=_BUSY_TIMEOUT_SECONDS)) as dst):
            # Through SQLite, not a file copy: an existing -wal/-shm beside the database is taken into account and
            # cannot later be replayed over the restored pages.
            src.backup(dst)
    except sqlite3.Error as error:
        if not existed:
            _remove_database_files(database)
        raise BackupError(f'The restore into {database} failed: {error}') from error
    _check_integrity(database, what=f'The restored database {database}')


def _sqlite_path(database_url_or_path: str | os.PathLike[str]) -> Path:
    text = os.fspath(database_url_or_path)
    scheme = text.split('://', 1)[0].lower() if '://' in text else ''
    if scheme in {'postgres', 'postgresql', 'psycopg', 'asyncpg'}:
        raise BackupError('The database is PostgreSQL: back it up with pg_dump and restore it with pg_restore')
    if scheme and scheme != 'sqlite':
        raise BackupError(f'Cannot back up a {scheme}:// database; only SQLite files are supported')
    path = text.split('://', 1)[1].split('?', 1)[0] if scheme else text
    if path in {'', ':memory:'}:
        raise BackupError('An in-memory database cannot be backed up or restored')
    return Path(path).expanduser()


@contextlib.contextmanager
def _connect_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    # mode=ro: a mistyped path fails instead of creating an empty database, and the source is never written.
    # (sqlite3.Connection's own context manager only ends the transaction; closing() closes.)
    uri = f'{path.resolve().as_uri()}?mode=ro'
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_SECONDS)) as connection:
        yield connection


def _check_integrity(path: Path, *, what: str) -> None:
    try:
        with _connect_read_only(path) as connection:
            rows = connection.execute('PRAGMA integrity_check').fetchall()
    except sqlite3.Error as error:
        raise BackupError(f'{what} cannot be read as an SQLite database: {error}') from error
    problems = [row[0] for row in rows if row[0] != 'ok']
    if problems:
        more = f' (and {len(problems) - 1} more problems)' if len(problems) > 1 else ''
        raise BackupError(f'{what} failed the integrity check: {problems[0]}{more}')


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open('rb') as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                              "ESCAPE '\\' ORDER BY name").fetchall()
    return [row[0] for row in rows]


def _tables_with_rows(path: Path) -> list[str]:
    """The tables of the database at `path` that hold rows, network and person first; empty means safe to replace."""
    if path.stat().st_size == 0:
        return []
    try:
        with _connect_read_only(path) as connection:
            filled = [table for table in _tables(connection) if table not in _BOOKKEEPING_TABLES
                      and connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{table.replace(chr(34), chr(34) * 2)}")')
                      .fetchone()[0]]
    except sqlite3.Error as error:
        raise BackupError(f'Cannot read the existing database {path}: {error}') from error
    return sorted(filled, key=lambda table: (table not in {'network', 'person'}, table))


def _remove_database_files(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + '-wal'), path.with_name(path.name + '-shm'),
                     path.with_name(path.name + '-journal')):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


__all__ = ['BackupError', 'backup', 'restore']
