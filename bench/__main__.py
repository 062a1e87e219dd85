"""`python -m bench [--quick]`: run the benchmarks, print the table, write bench/results.md (see bench/__init__.py)."""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import report, run

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    mode = run.QUICK if args.quick else run.FULL
    if args.no_chromium:
        mode = dataclasses.replace(mode, chromium=False)
    results = Path(args.results) if args.results else HERE / ('results-quick.md' if args.quick else 'results.md')
    work = Path(tempfile.mkdtemp(prefix='flnet-bench-'))
    started = time.monotonic()
    try:
        outcome = asyncio.run(run.run(mode, work, _say))
    finally:
        if args.keep:
            _say(f'Kept the work folder (data sets, server logs): {work}')
        else:
            shutil.rmtree(work, ignore_errors=True)
    settings = [*outcome.settings, f'The run took {time.monotonic() - started:.0f} s.']
    sys.stdout.write(''.join(f'{line}\n' for line in settings) + '\n' + report.text_table(outcome.rows) + '\n')
    for note in outcome.notes:
        sys.stdout.write(f'- {note}\n')
    results.write_text(report.markdown(outcome.rows, mode=mode.name, settings=settings, notes=outcome.notes))
    _say(f'Written: {results}')
    if args.json:
        Path(args.json).write_text(json.dumps([
            {**dataclasses.asdict(row), 'ratio': row.ratio, 'meets': row.meets} for row in outcome.rows], indent=1))


_STARTED = time.monotonic()


def _say(text: str) -> None:
    sys.stderr.write(f'[{time.monotonic() - _STARTED:5.1f} s] {text}\n')
    sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='python -m bench', description='flnet benchmarks: ratios against baselines '
                                     'measured in the same run.')
    parser.add_argument('--quick', action='store_true', help='the CI version: smaller data, fewer clients and runs')
    parser.add_argument('--results', help='where to write the Markdown results (default bench/results.md, or '
                                          'bench/results-quick.md with --quick)')
    parser.add_argument('--json', help='also write the rows as JSON here (the CI test reads them)')
    parser.add_argument('--no-chromium', action='store_true', help='live push without the two Chromium pages')
    parser.add_argument('--keep', action='store_true', help='keep the work folder (data sets, server logs)')
    return parser


if __name__ == '__main__':
    main()
