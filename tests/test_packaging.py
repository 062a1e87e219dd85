"""`pip install .` carries everything the app reads at run time: catalogs, reference data, migrations."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_contains_catalogs_reference_data_and_migrations(tmp_path: Path) -> None:
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '-q', '-w',
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob('flnet-*.whl'))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ['flnet_ui/data/kommuner.csv', 'locales/da/LC_MESSAGES/messages.po',
                     'locales/en/LC_MESSAGES/messages.po', 'models/migrations/0001_initial.py', 'pages/home.py',
                     'flnet_ui/app.py']:
        assert required in names, f'{required} is missing from the wheel'
    entry_points = next(n for n in names if n.endswith('entry_points.txt'))
    assert 'flnet = flnet_ui.cli:main' in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_every_file_the_package_needs_is_tracked_by_git() -> None:
    tracked = set(subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.splitlines())
    for required in ['flnet_ui/data/kommuner.csv', 'locales/da/LC_MESSAGES/messages.po', '.ci/run', 'Dockerfile']:
        assert required in tracked, f'{required} is not committed (check .gitignore)'
