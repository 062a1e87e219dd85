"""A witness for the live push: a separate process that only sleeps a millisecond at a time, at the highest priority
the run may give it, and writes down every wake-up that came late. It shares nothing with flnet, the baseline or the
clients, so a late wake-up of its own is the machine not running anything for that long, whoever asked for the CPU.

Why: on the 2-core machine the benchmark was made on, rounds of the live push scattered (p95 from 27 to 136 ms for
flnet, in rounds alike), and in the slow ones the server's traces had every update written to its sockets within
about 25-65 ms while the clients only read them 50-100 ms later. This probe, at nice -15, was late by 27-69 ms in
those same moments, and never while the machine idled or ran two busy loops: the pause is the machine's, not a
process's. The report prints each round's longest pause beside its p95, so a reader can tell the one from the other.

Run by the benchmark as `python -m bench.stalls FILE`; stopped with the live push.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NICE = -15          # ahead of every other process here, where the run may raise its priority (as root)
LATE = 0.005        # seconds: a wake-up later than this after a 1 ms sleep is written down


@dataclass(frozen=True)
class Pause:
    at: float        # epoch seconds the probe went to sleep
    seconds: float   # until it woke up


def main(path: str) -> None:
    try:
        os.nice(NICE)
    except PermissionError:
        pass   # an ordinary user: the probe still sees the machine's pauses, only less sharply
    with open(path, 'a', buffering=1) as out:
        before = time.time()
        while True:
            time.sleep(0.001)
            now = time.time()
            if now - before > LATE:
                out.write(f'{before:.4f} {now - before:.4f}\n')
            before = now


@contextmanager
def watching(path: Path) -> Iterator[Path]:
    """The probe runs while the block does, writing to `path`."""
    probe = subprocess.Popen([sys.executable, '-m', 'bench.stalls', str(path)], cwd=Path(__file__).parent.parent)
    try:
        yield path
    finally:
        probe.terminate()
        probe.wait(timeout=10)


def read(path: Path) -> list[Pause]:
    if not path.exists():
        return []
    return [Pause(float(at), float(seconds)) for at, seconds in
            (line.split() for line in path.read_text().splitlines() if line.strip())]


def longest_between(pauses: list[Pause], start: float, end: float) -> float:
    """The longest pause, in seconds, that overlaps the moments from `start` to `end` (0 when there was none)."""
    return max((pause.seconds for pause in pauses if pause.at < end and pause.at + pause.seconds > start), default=0.0)


if __name__ == '__main__':
    main(sys.argv[1])
