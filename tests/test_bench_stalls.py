"""The live push's witness of machine pauses (bench/stalls.py): it notices a pause, and a round is matched only with
the pauses that overlap it."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from bench import stalls


def test_the_probe_writes_down_a_pause_of_its_own(tmp_path: Path) -> None:
    # A stopped process is what a machine that runs nothing looks like from inside: the probe must see the gap.
    path = tmp_path / 'pauses.txt'
    with stalls.watching(path):
        deadline = time.monotonic() + 30
        while not path.exists() and time.monotonic() < deadline:   # started and writing
            time.sleep(0.01)
        probe = _probe_pid(path)
        stopped = time.time()
        os.kill(probe, signal.SIGSTOP)
        time.sleep(0.2)
        os.kill(probe, signal.SIGCONT)
        time.sleep(0.1)
    pauses = stalls.read(path)
    assert stalls.longest_between(pauses, stopped, stopped + 0.2) >= 0.15, pauses


def test_a_round_is_matched_with_the_pauses_that_overlap_it() -> None:
    pauses = [stalls.Pause(at=10.0, seconds=0.050), stalls.Pause(at=10.2, seconds=0.020),
              stalls.Pause(at=11.0, seconds=0.300)]
    assert stalls.longest_between(pauses, 10.03, 10.25) == 0.050   # begun before the round, still going in it
    assert stalls.longest_between(pauses, 10.06, 10.19) == 0.0     # between two pauses
    assert stalls.longest_between(pauses, 10.21, 10.5) == 0.020
    assert stalls.longest_between(pauses, 10.9, 11.0) == 0.0       # ends where the next begins
    assert stalls.longest_between([], 0.0, 1.0) == 0.0


def test_no_file_no_pauses(tmp_path: Path) -> None:
    assert stalls.read(tmp_path / 'never-written.txt') == []


def _probe_pid(path: Path) -> int:
    for entry in Path('/proc').iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / 'cmdline').read_bytes().split(b'\0')
            except OSError:
                continue
            if b'bench.stalls' in command and str(path).encode() in command:
                return int(entry.name)
    raise AssertionError('the probe is not running')
