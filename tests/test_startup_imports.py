"""What the app imports at start: the libraries only some requests need are imported on first use (bench/: each is a
tenth of a second or so of every start-up), so a top-level import of one of them would quietly slow every start."""
from __future__ import annotations

import subprocess
import sys

ON_FIRST_USE = ('fpdf', 'fontTools', 'uharfbuzz', 'icalendar', 'openpyxl', 'asyncpg')


def test_starting_the_app_leaves_the_libraries_of_single_features_unimported() -> None:
    code = ('import sys\nfrom flnet_ui import app\napp.create()\n'
            f'print(",".join(name for name in {ON_FIRST_USE!r} if name in sys.modules))')
    done = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == '', f'imported at start: {done.stdout.strip()}'
