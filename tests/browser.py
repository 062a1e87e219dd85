"""Helpers for browser tests: a real `flnet serve` subprocess and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-quic']
ARTIFACTS = Path(__file__).parent / 'artifacts'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(data_dir: Path, *args: str) -> Iterator[str]:
    """Start `flnet serve` on a free port with its own data folder; yield its base URL; stop it afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL'}}
    env['FLNET_DATA_DIR'] = str(data_dir)
    log = (data_dir.parent / f'server-{port}.log').open('w')
    process = subprocess.Popen([sys.executable, '-m', 'flnet_ui.cli', 'serve', '--port', str(port), *args],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f'http://127.0.0.1:{port}'
    try:
        _wait_until_healthy(base, process, data_dir.parent / f'server-{port}.log')
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_healthy(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'flnet serve exited with {process.returncode}:\n{log_path.read_text()}')
        try:
            with urllib.request.urlopen(f'{base}/healthz', timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f'flnet serve did not answer within {timeout} s:\n{log_path.read_text()}')


def chromium_path() -> str:
    path = shutil.which('chromium') or shutil.which('chromium-browser')
    if path is None:
        raise RuntimeError('Chromium is not installed (apt-get install chromium); .ci/run installs it')
    return path


def axe_source() -> str:
    import axe_playwright_python
    return next(Path(axe_playwright_python.__file__).parent.rglob('axe.min.js')).read_text()


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    # A notification fades in; measured half-transparent, its text fails a contrast it passes once shown.
    page.wait_for_function("() => [...document.querySelectorAll('.q-notification')]"
                           ".every(n => getComputedStyle(n).opacity === '1')")
    page.add_script_tag(content=axe_source())
    result = page.evaluate('async () => await axe.run(document)')
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result['violations']]


def log_in_as_demo_coordinator(page, base: str, next_path: str = '') -> None:  # type: ignore[no-untyped-def]
    """Log in through the real form (keyboard only) as the demo coordinator; lands on `next_path` or /overblik."""
    from flnet_ui.demo import DEMO_COORDINATOR
    email, password = DEMO_COORDINATOR
    page.goto(base + '/login' + (f'?next={next_path}' if next_path else ''), wait_until='networkidle')
    page.locator('input[name=email]').fill(email)
    page.locator('input[name=password]').fill(password)
    with page.expect_navigation():
        page.keyboard.press('Enter')
    page.wait_for_load_state('networkidle')
