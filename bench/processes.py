"""Servers under measurement, each a subprocess on a free port: flnet (the benchmark's `flnet serve`) with its own data
folder, and the bare NiceGUI baseline. Every start is timed to the first 200 of the front page."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.browser import free_port

ROOT = Path(__file__).resolve().parent.parent
# What the benchmark's own environment may carry (pytest, a developer's shell) must not leak into a server.
DROPPED = {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL', 'FLNET_DATA_DIR', 'FLNET_PORT', 'FLNET_HOST',
           'NICEGUI_STORAGE_PATH', 'FLNET_SMTP_HOST'}


class ServerProcess:
    def __init__(self, name: str, args: list[str], *, logs: Path, data_dir: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.name, self.args, self.logs, self.data_dir = name, args, logs, data_dir
        self.extra_env = env or {}
        self.port = free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, probe: str = '/', timeout: float = 90) -> float:
        """Start; wait for the first 200 on `probe`; return the seconds from the spawn to that answer."""
        env = {key: value for key, value in os.environ.items() if key not in DROPPED}
        if self.data_dir is not None:
            env['FLNET_DATA_DIR'] = str(self.data_dir)
        env.update(self.extra_env)
        self.logs.mkdir(parents=True, exist_ok=True)
        log_path = self.logs / f'{self.name}-{self.port}.log'
        with log_path.open('w') as log:
            spawned = time.perf_counter()
            self.process = subprocess.Popen([sys.executable, '-m', *self.args, '--port', str(self.port)], cwd=ROOT,
                                            env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = spawned + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'{self.name} exited with {self.process.returncode}:\n{log_path.read_text()}')
            try:
                with urllib.request.urlopen(self.base + probe, timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - spawned
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f'{self.name} did not answer within {timeout} s:\n{log_path.read_text()}')

    def rss_mib(self) -> float:
        """Resident memory of the server process, from /proc (Linux)."""
        assert self.process is not None
        for line in Path(f'/proc/{self.process.pid}/status').read_text().splitlines():
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
        raise RuntimeError('no VmRSS')

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def flnet(dataset_path: Path | None, work: Path, name: str) -> ServerProcess:
    """flnet (`flnet serve` with the benchmark's routes, bench/flnet_server.py) on a fresh copy of a data set, or on an
    empty data folder when `dataset_path` is None."""
    work.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix=f'{name}-', dir=work))
    if dataset_path is not None:
        shutil.copy(dataset_path, data_dir / 'flnet.sqlite3')
    return ServerProcess(name, ['bench.flnet_server'], logs=work / 'logs', data_dir=data_dir)


def bare(work: Path, name: str = 'bare', *, speedup: bool = False) -> ServerProcess:
    """The bare NiceGUI baseline; with `speedup`, running flnet's NiceGUI speedup too (bench/bare_app.py)."""
    work.mkdir(parents=True, exist_ok=True)
    storage = tempfile.mkdtemp(prefix=f'{name}-', dir=work)   # NiceGUI would otherwise write .nicegui/ in the project
    env = {'NICEGUI_STORAGE_PATH': storage, 'BENCH_BARE_SPEEDUP': '1' if speedup else '0'}
    return ServerProcess(name, ['bench.bare_app'], logs=work / 'logs', env=env)
