"""The `flnet` command: serve, migrate, demo, user add, backup, restore.

Every expected failure (port taken, bad database URL, unwritable data folder, a rule saying no) ends in one clear line
on stderr and exit status 2, never a traceback. NiceGUI is imported only after the environment is set, because it
reads its storage folder at import.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn, TypeVar

from flnet_ui import config

T = TypeVar('T')


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except config.ConfigError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        sys.exit(130)


def _serve(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _check_port_free(settings.host, settings.port)
    _use(settings)
    with_demo = _run_db(settings, _prepare_for_serving(settings, demo=args.demo))
    if with_demo:
        print(with_demo)
    from flnet_ui import app
    print(f'flnet serves on http://{settings.host}:{settings.port}/', flush=True)
    # Migrated a moment ago in this process: the app need not work out the migration plan again (a second or more).
    os.environ[config.MIGRATED_ENV] = '1'
    app.run(settings)


async def _prepare_for_serving(settings: config.Settings, *, demo: bool) -> str:
    """Apply migrations (and load demo data into an empty database) before the server starts answering."""
    from flnet_ui.services import networks, users
    await networks.ensure_default_network(now=_now())
    message = ''
    if demo:   # imported only when asked for: it is a second of start-up otherwise (bench/)
        from flnet_ui import demo as demo_data
        if await demo_data.is_empty():
            print('Loading demo data …', flush=True)
            message = _describe_logins(await demo_data.load(now=_now()))
    if not await users.coordinator_exists():
        print('No coordinator login exists yet. Create one with:\n'
              f'  flnet user add --email you@example.dk --role coordinator{_db_flag(settings)}', flush=True)
    return message


def _migrate(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _use(settings)
    _run_db(settings, asyncio.sleep(0))


def _demo(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _use(settings)

    async def load() -> str:
        from flnet_ui import demo
        if not await demo.is_empty() and not args.force:
            _fail('The database already has members; demo data goes only into an empty database.')
        return _describe_logins(await demo.load(now=_now()))

    print(_run_db(settings, load()))


def _user_add(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _use(settings)
    password = _read_password()

    async def add() -> str:
        from flnet_ui.services import users
        from flnet_ui.services.audit import Actor
        from flnet_ui.services.errors import DomainError
        from models import Role
        try:
            user = await users.create_user(email=args.email, role=Role(args.role), password=password,
                                           by=Actor(None, 'flnet user add'), now=_now())
        except DomainError as error:
            _fail(error.message)
        return f'Created {user.role} {user.email}'

    print(_run_db(settings, add()))


def _backup(args: argparse.Namespace) -> None:
    from flnet_ui import backup
    settings = _settings(args)
    try:
        backup.backup(settings.database_url, Path(args.file), force=args.force)
    except backup.BackupError as error:
        _fail(str(error))
    print(f'Backup written to {args.file} (integrity ok)')


def _restore(args: argparse.Namespace) -> None:
    from flnet_ui import backup
    settings = _settings(args)
    if settings.sqlite_path is None:
        _fail('Restore works on an SQLite database; for PostgreSQL use pg_restore.')
    _ensure_writable(settings.sqlite_path.parent)
    try:
        backup.restore(Path(args.file), settings.sqlite_path, force=args.force)
    except backup.BackupError as error:
        _fail(str(error))
    print(f'Restored {args.file} into {settings.sqlite_path} (integrity ok)')


def _settings(args: argparse.Namespace) -> config.Settings:
    return config.load(host=getattr(args, 'host', None), port=getattr(args, 'port', None),
                       database_url=args.db, data_dir=args.data_dir)


def _use(settings: config.Settings) -> None:
    """Make the chosen settings the environment of everything started from here (the app re-reads it)."""
    _ensure_writable(settings.data_dir)
    if settings.sqlite_path is not None:
        _ensure_writable(settings.sqlite_path.parent)
    os.environ.update(FLNET_DATABASE_URL=settings.database_url, FLNET_DATA_DIR=str(settings.data_dir),
                      FLNET_HOST=settings.host, FLNET_PORT=str(settings.port))
    os.environ.setdefault('NICEGUI_STORAGE_PATH', str((settings.data_dir / 'nicegui').resolve()))


def _run_db(settings: config.Settings, work: Awaitable[T]) -> T:
    """Open the database (applying pending migrations, and saying which), do the work, close it."""
    async def run() -> T:
        from flnet_ui import db
        try:
            applied = await db.open_database(settings.database_url)
        except Exception as error:  # whatever the driver raises, the person starting the app needs one line
            if asyncio.iscoroutine(work):
                work.close()
            _fail(f'Cannot open the database {_redact(settings.database_url)}: {_reason(error)}')
        try:
            if applied:
                print(f'Applied migrations: {", ".join(applied)}', flush=True)
            return await work
        finally:
            await db.close_database()

    return asyncio.run(run())


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Like uvicorn's own socket: connections of a process that just stopped (or crashed) linger in TIME_WAIT for
        # a minute, and without SO_REUSEADDR they would refuse an immediate restart. A server still listening on the
        # port is refused all the same. (On Windows the option would allow taking a port in use: not there.)
        if os.name != 'nt':
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            _fail(f'Cannot listen on {host}:{port}: {error.strerror or error}. '
                  'Is flnet already running? Choose another port with --port.')


def _ensure_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / '.flnet-write-test'
        probe.write_text('ok')
        probe.unlink()
    except OSError as error:
        _fail(f'Cannot write to the data folder {folder}: {error.strerror or error}')


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass('Password: ')
        if getpass.getpass('Password again: ') != first:
            _fail('The passwords differ.')
        return first
    return sys.stdin.readline().rstrip('\n')


def _describe_logins(logins: object) -> str:
    coordinator, member = logins.coordinator, logins.member  # type: ignore[attr-defined]
    return ('Demo data loaded. Demo logins (e-mail / password):\n'
            f'  coordinator: {coordinator[0]} / {coordinator[1]}\n  member:      {member[0]} / {member[1]}')


def _db_flag(settings: config.Settings) -> str:
    return '' if 'FLNET_DATABASE_URL' not in os.environ else f' --db {_redact(settings.database_url)}'


def _redact(url: str) -> str:
    if '@' not in url:
        return url
    scheme, rest = url.split('://', 1)
    credentials, host = rest.rsplit('@', 1)
    return f'{scheme}://{credentials.split(":", 1)[0]}:***@{host}' if ':' in credentials else url


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:300]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _fail(message: str) -> NoReturn:
    print(f'flnet: {message}', file=sys.stderr)
    sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='flnet', description='FL-netværket: the network app.')
    commands = parser.add_subparsers(required=True, metavar='COMMAND')

    def command(name: str, run: Callable[[argparse.Namespace], None], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument('--db', help='database URL (default: FLNET_DATABASE_URL or an SQLite file in the data folder)')
        sub.add_argument('--data-dir', help='data folder (default: FLNET_DATA_DIR or ./data)')
        sub.set_defaults(run=run)
        return sub

    serve = command('serve', _serve, 'Apply pending migrations and run the web app.')
    serve.add_argument('--host')
    serve.add_argument('--port', type=int)
    serve.add_argument('--demo', action='store_true', help='load demo data first if the database is empty')
    command('migrate', _migrate, 'Apply pending database migrations.')
    command('demo', _demo, 'Load realistic demo data into an empty database.').add_argument(
        '--force', action='store_true', help='load even if the database has members')
    user = commands.add_parser('user', help='Manage logins.').add_subparsers(required=True, metavar='ACTION')
    add = user.add_parser('add', help='Create a login; the password is read from a prompt or standard input.')
    add.add_argument('--email', required=True)
    add.add_argument('--role', required=True, choices=['coordinator', 'member'])
    add.add_argument('--db')
    add.add_argument('--data-dir')
    add.set_defaults(run=_user_add)
    backup = command('backup', _backup, 'Copy the SQLite database to FILE while the app may be running.')
    backup.add_argument('file')
    backup.add_argument('--force', action='store_true', help='overwrite FILE if it exists')
    restore = command('restore', _restore, 'Restore the SQLite database from FILE.')
    restore.add_argument('file')
    restore.add_argument('--force', action='store_true', help='overwrite a database that has data')
    return parser


if __name__ == '__main__':
    main()
