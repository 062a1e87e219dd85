"""The `flnet` command as a person runs it: real subprocesses, one clear line on every expected failure."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import free_port


def flnet(*args: str, data_dir: Path, stdin: str = '') -> subprocess.CompletedProcess[str]:
    env_args = ['--data-dir', str(data_dir)] if args[0] != 'user' else []
    command = [sys.executable, '-m', 'flnet_ui.cli', *args, *env_args]
    if args[0] == 'user':
        command += ['--data-dir', str(data_dir)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120, check=False,
                          env=_clean_env())


def _clean_env() -> dict[str, str]:
    import os
    return {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL',
                                                             'FLNET_DATA_DIR'}}


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert 'Traceback' not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_migrate_applies_once_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    first = flnet('migrate', data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert ('Applied migrations: models.0001_initial, models.0002_logins_and_answers, models.0003_outgoing_mail, '
            'models.0004_members_and_public, models.0005_meeting_times_in_utc, models.0006_meeting_board, '
            'models.0007_between_items, models.0008_minutes, models.0009_status_changes_index'
            in first.stdout)
    again = flnet('migrate', data_dir=tmp_path)
    assert again.returncode == 0 and 'Applied' not in again.stdout


def test_serve_on_an_occupied_port_says_so_in_one_line(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as occupant:
        occupant.bind(('127.0.0.1', port))
        occupant.listen()
        line = one_line_error(flnet('serve', '--port', str(port), data_dir=tmp_path))
    assert f'Cannot listen on 127.0.0.1:{port}' in line


@pytest.mark.parametrize(('url', 'expected'), [
    ('mysql://root@localhost/x', 'must start with sqlite:// or postgres://'),
    ('postgres://nobody:secret@127.0.0.1:1/nothing', 'Cannot open the database postgres://nobody:***@127.0.0.1:1'),
])
def test_serve_with_a_bad_database_url_says_so_in_one_line(tmp_path: Path, url: str, expected: str) -> None:
    line = one_line_error(flnet('serve', '--port', str(free_port()), '--db', url, data_dir=tmp_path))
    assert expected in line
    assert 'secret' not in line


def test_serve_with_an_unwritable_data_folder_says_so_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / 'a-file'
    blocker.write_text('not a folder')
    line = one_line_error(flnet('serve', '--port', str(free_port()), data_dir=blocker / 'data'))
    assert 'Cannot write to the data folder' in line


def test_user_add_reads_the_password_from_standard_input(tmp_path: Path) -> None:
    result = flnet('user', 'add', '--email', 'Koordinator@SB.dk', '--role', 'coordinator', data_dir=tmp_path,
                   stdin='et-langt-kodeord\n')
    assert result.returncode == 0, result.stderr
    assert 'koordinator@sb.dk' in result.stdout
    again = flnet('user', 'add', '--email', 'koordinator@sb.dk', '--role', 'member', data_dir=tmp_path,
                  stdin='et-andet-kodeord\n')
    assert 'koordinator@sb.dk' in one_line_error(again) or 'findes allerede' in one_line_error(again)


def test_user_add_refuses_a_short_password_with_a_danish_message(tmp_path: Path) -> None:
    line = one_line_error(flnet('user', 'add', '--email', 'a@b.dk', '--role', 'member', data_dir=tmp_path,
                                stdin='kort\n'))
    assert 'Adgangskoden skal være på mindst' in line


def test_demo_loads_once_and_backup_restore_round_trips(tmp_path: Path) -> None:
    demo = flnet('demo', data_dir=tmp_path / 'live')
    assert demo.returncode == 0, demo.stderr
    assert 'koordinator@demo.flnet.dk' in demo.stdout
    assert 'Demo data goes only into an empty database' in one_line_error(flnet('demo', data_dir=tmp_path / 'live')) \
        or 'empty database' in one_line_error(flnet('demo', data_dir=tmp_path / 'live'))
    copy = tmp_path / 'backup.sqlite3'
    assert flnet('backup', str(copy), data_dir=tmp_path / 'live').returncode == 0
    assert flnet('restore', str(copy), data_dir=tmp_path / 'restored').returncode == 0
    assert 'refus' in one_line_error(flnet('restore', str(copy), data_dir=tmp_path / 'restored')).lower() \
        or 'force' in one_line_error(flnet('restore', str(copy), data_dir=tmp_path / 'restored')).lower()
    assert flnet('restore', str(copy), '--force', data_dir=tmp_path / 'restored').returncode == 0
