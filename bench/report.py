"""Results as ratios against a baseline measured in the same run, the machine they were measured on, and the table
(printed, and written as Markdown to bench/results.md)."""
from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Row:
    what: str
    measured: float
    baseline: float
    unit: str                     # 'ms', 'MiB', 's', 'queries'
    baseline_is: str              # what the baseline is, in a few words
    target: float | None = None   # the ratio measured / baseline must not exceed this (None: shown for information)
    limit: float | None = None    # an absolute limit on `measured` too, where the issue sets one (same unit)

    @property
    def ratio(self) -> float:
        if self.baseline == 0:
            return 1.0 if self.measured == 0 else float('inf')
        return self.measured / self.baseline

    @property
    def meets(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio <= self.target and (self.limit is None or self.measured <= self.limit)

    @property
    def verdict(self) -> str:
        if self.meets is None:
            return 'info'
        return 'ok' if self.meets else 'MISSES'

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ''
        text = 'equal' if self.unit == 'queries' and self.target == 1 else f'≤ {self.target:g}×'
        return text + (f', < {_number(self.limit)} {self.unit}' if self.limit is not None else '')


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (share 0.95 for p95)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpu = next((line.split(':', 1)[1].strip() for line in _read('/proc/cpuinfo').splitlines()
                if line.startswith('model name')), platform.processor() or 'unknown')
    load = ' / '.join(f'{value:.2f}' for value in os.getloadavg())
    return [('Date', dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')), ('CPU', cpu),
            ('Cores', f'{os.cpu_count()} (load average at the end: {load})'), ('System', platform.platform()),
            ('Python', platform.python_version()), ('SQLite', sqlite3.sqlite_version),
            ('PostgreSQL', _postgres_version()),
            ('Packages', ', '.join(f'{name} {_version(name)}' for name in
                                   ('nicegui', 'tortoise-orm', 'aiosqlite', 'fpdf2', 'python-socketio', 'playwright')))]


def table(rows: list[Row]) -> list[list[str]]:
    head = ['What', 'Measured', 'Baseline (same run)', 'Ratio', 'Target', 'Verdict']
    body = [[row.what, f'{_number(row.measured)} {row.unit}', f'{_number(row.baseline)} {row.unit} ({row.baseline_is})',
             f'{row.ratio:.2f}×', row.target_text, row.verdict] for row in rows]
    return [head, *body]


def text_table(rows: list[Row]) -> str:
    cells = table(rows)
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines = ['  '.join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in cells]
    lines.insert(1, '  '.join('-' * width for width in widths))
    return '\n'.join(lines)


def markdown(rows: list[Row], *, mode: str, settings: list[str], notes: list[str]) -> str:
    cells = table(rows)
    out = ['# flnet benchmarks', '',
           'Made by `.venv/bin/python -m bench` (full) or `--quick` (the CI version). Every figure is a ratio '
           'against a baseline measured in the same run on the same machine; the quick test fails when a ratio is '
           'worse than twice its target in two runs. Absolute limits are checked here, never in the test.', '',
           f'Mode: **{mode}**', '', '## Machine', '']
    out += [f'- {name}: {value}' for name, value in machine()]
    out += ['', '## Settings', '', *[f'- {line}' for line in settings], '', '## Results', '',
            '| ' + ' | '.join(cells[0]) + ' |', '|' + '---|' * len(cells[0])]
    out += ['| ' + ' | '.join(line) + ' |' for line in cells[1:]]
    if notes:
        out += ['', '## Notes', '', *[f'- {note}' for note in notes]]
    return '\n'.join(out) + '\n'


def _number(value: float | None) -> str:
    if value is None:
        return ''
    if value == int(value) and abs(value) >= 10:
        return f'{int(value):,}'.replace(',', ' ')
    return f'{value:.3g}' if abs(value) < 100 else f'{value:,.0f}'.replace(',', ' ')


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return 'not installed'


def _postgres_version() -> str:
    try:
        found = subprocess.run(['psql', '--version'], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return 'not installed (not used: the benchmark runs on SQLite, the default engine)'
    text = found.stdout.strip() or 'unknown'
    return f'{text} (installed; not used: the benchmark runs on SQLite, the default engine)'


def _read(path: str) -> str:
    return Path(path).read_text() if Path(path).exists() else ''
