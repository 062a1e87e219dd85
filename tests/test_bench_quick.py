"""The quick benchmark (`python -m bench --quick`, see bench/) as a test.

Every figure of the benchmark is a ratio against a baseline measured in the same run, so it holds on a busy machine.
The test fails when a ratio is worse than twice its target, in the first run and again when measured once more; it
never looks at an absolute time. It runs the benchmark
as a command, as CI and a developer would, in a subprocess of its own (the benchmark starts its own servers).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Sorted last (tests/conftest.py), not with the `slow` drills that run first beside the browser tests: their servers
# and Chromium would disturb its timings, and its servers theirs.
pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ('Close a meeting', 'Queries: close a meeting', 'Minutes PDF', 'Page build: Overblik',
              'Page build: Medlemmer', 'Page build: Venteliste', 'Page build: Min side', 'Page build: Storskærm',
              'Queries: Overblik', 'Queries: Medlemmer', 'Queries: Venteliste', 'Queries: Min side',
              'Queries: Storskærm', 'Live push p95', 'Memory per connected page',
              'Start-up to first 200, empty database', 'Start-up to first 200, large database')


# Figures known to miss even twice their target, measured and profiled (bench/results.md), with the ratio above which
# this test fails for them instead: a known miss may not grow unnoticed. Each is named in the notes of issue 7.
KNOWN_MISSES: dict[str, float] = {}  # none today: the minutes PDF, the last, came to 1.2x its baseline


def test_no_figure_is_worse_than_twice_its_target(tmp_path: Path) -> None:
    rows, report = run_quick_benchmark(tmp_path / 'first')
    for name in BENCHMARKS:  # each benchmark ran and reported against a target
        assert any(row['what'].startswith(name) and row['target'] is not None for row in rows), name
    missed = too_slow(rows)
    if not missed:
        return
    # A burst of other work on a shared two-core machine can spoil one run (seen in CI: closing a meeting took 96 ms
    # instead of 15-24 while other tests ran, and the live push of that run came to 4.8x). A regression misses again,
    # so the figures are measured once more, and a figure fails when it misses in both runs.
    rows_again, report_again = run_quick_benchmark(tmp_path / 'again')
    missed_again = too_slow(rows_again)
    both = [f'{missed[what]}; measured again: {missed_again[what]}' for what in missed if what in missed_again]
    assert not both, '\n'.join(both) + '\n\nFirst run:\n' + report + '\n\nRun again:\n' + report_again


def too_slow(rows: list[dict]) -> dict[str, str]:
    """The figures worse than their ceiling, each with a sentence that says by how much."""
    return {row['what']: f"{row['what']}: {row['ratio']:.2f}× its baseline; target ≤ {row['target']:g}×, fails "
                         f"above {ceiling(row):g}×" for row in rows
            if row['target'] is not None and row['ratio'] > ceiling(row)}


def ceiling(row: dict) -> float:
    known = [limit for name, limit in KNOWN_MISSES.items() if row['what'].startswith(name)]
    return known[0] if known else 2 * row['target']


def run_quick_benchmark(folder: Path) -> tuple[list[dict], str]:
    folder.mkdir()
    rows_file, report_file = folder / 'results.json', folder / 'results.md'
    # The app's test settings (a database per test, the pytest marker) must not reach the benchmark's servers.
    env = {key: value for key, value in os.environ.items() if not key.startswith(('FLNET_', 'PYTEST_', 'NICEGUI_'))}
    done = subprocess.run([sys.executable, '-m', 'bench', '--quick', '--json', str(rows_file), '--results',
                           str(report_file)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    report = report_file.read_text()
    assert 'QUICK MODE' in report and '## Machine' in report
    return json.loads(rows_file.read_text()), report
