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
from typing import Any

CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-quic']
ARTIFACTS = Path(__file__).parent / 'artifacts'


def da(message: str) -> str:
    """A UI text in the Danish catalogue, so browser tests speak the same words as the pages."""
    from flnet_ui import i18n
    with i18n.language('da'):
        return i18n._(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class Server:
    """A `flnet serve` subprocess with its own data folder, which can be stopped (or killed, like a crash) and started
    again on the same port: an open page then has to find its way back by itself."""

    def __init__(self, data_dir: Path, *args: str, port: int | None = None) -> None:
        self.data_dir, self.args = data_dir, args
        self.port = port or free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, *args: str) -> str:
        """Start (again), with `args` instead of the first start's when given; wait until it answers."""
        assert self.process is None, 'the server is running'
        env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL'}}
        env['FLNET_DATA_DIR'] = str(self.data_dir)
        self.starts += 1
        log_path = self.data_dir.parent / f'server-{self.port}-{self.starts}.log'
        with log_path.open('w') as log:
            self.process = subprocess.Popen(
                [sys.executable, '-m', 'flnet_ui.cli', 'serve', '--port', str(self.port), *(args or self.args)],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_healthy(self.base, self.process, log_path)
        except BaseException:
            self.stop()
            raise
        return self.base

    def stop(self, *, kill: bool = False) -> None:
        """Stop the server: politely (SIGTERM), or at once (SIGKILL) as in a crash or a pulled plug."""
        process, self.process = self.process, None
        if process is None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_server(data_dir: Path, *args: str, port: int | None = None) -> Iterator[str]:
    """Start `flnet serve` on a free port (or `port`) with its own data folder; yield its base URL; stop it after."""
    server = Server(data_dir, *args, port=port)
    try:
        yield server.start()
    finally:
        server.stop()


@contextmanager
def demo_server_and_chromium(data_dir: Path) -> Iterator[tuple[Server, Any]]:
    """`flnet serve --demo` on its own data folder, and Debian's Chromium through Playwright; both stopped after."""
    from playwright.sync_api import sync_playwright
    server = Server(data_dir, '--demo')
    server.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                yield server, browser
            finally:
                browser.close()
    finally:
        server.stop()


def start_application(page, name: str, email: str, municipality: str) -> None:  # type: ignore[no-untyped-def]
    """Fill in /ansoeg's name, address and municipality, as an applicant does, and open the library list (filled by
    the server once the municipality is chosen)."""
    from playwright.sync_api import expect
    page.get_by_label(da('Name') + ' *', exact=True).fill(name)
    page.get_by_label(da('E-mail address') + ' *', exact=True).fill(email)
    page.get_by_label(da('Municipality') + ' *', exact=True).fill(municipality)
    page.get_by_role('option', name=municipality, exact=True).click()
    library = page.get_by_label(da('Library') + ' *', exact=True)
    expect(library).to_be_enabled()
    library.click()


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


# The document's own report of every Content-Security-Policy violation, passed to the test through a binding. It is
# installed before any script of the page runs, in every page and frame of the context, and survives navigation.
CSP_LISTENER = '''document.addEventListener("securitypolicyviolation", event => window.flnetCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`),
    true);'''


def csp_watch(context, found: list[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Every Content-Security-Policy violation in `context` from now on, as the pages report them: the
    `securitypolicyviolation` event, and Chromium's console line (which also covers what no document hears).
    Appended to `found` when given (one list for several contexts), else to a new list; returned."""
    found = [] if found is None else found
    context.expose_binding('flnetCspViolation',
                           lambda source, text: found.append(f'{source["page"].url}: {text[:300]}'))
    context.add_init_script(CSP_LISTENER)
    context.on('console', lambda message: found.append(f'{message.page.url if message.page else ""}: '
                                                       f'{message.text[:300]}')   # a data: address can be long
               if 'Content Security Policy' in message.text else None)
    return found


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
