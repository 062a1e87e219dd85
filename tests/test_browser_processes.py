"""Four app processes on one PostgreSQL database, as in production behind a load balancer (README "Several
processes"), in real Chromium (issue 7 §2):
- a change made through one process reaches open pages served by the others, without reload (the LISTEN/NOTIFY
  bridge, flnet_ui/event_bridge.py): closing a meeting on process 2 updates Overblik on process 1 and the public page
  on process 3;
- NiceGUI's browser storage is shared through Redis: the language chosen on one process holds on another.
Skipped without FLNET_TEST_POSTGRES_URL. Redis is the machine's own (127.0.0.1:6379), with a key prefix per run."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import CHROMIUM_ARGS, Server, chromium_path
from tests.conftest import POSTGRES_URL
from tests.processes import servers_on_postgresql
from tests.test_browser_meetings import close_the_meeting, log_in, plan_today

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not POSTGRES_URL, reason='needs FLNET_TEST_POSTGRES_URL')]
PROCESSES = 4


@pytest.fixture(scope='module')
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Server]]:
    with servers_on_postgresql(tmp_path_factory.mktemp('processes'), PROCESSES) as (_url, started):
        yield started


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_page(browser: Browser) -> Page:
    return browser.new_context(viewport={'width': 1280, 'height': 800}, locale='da-DK').new_page()


def test_a_change_through_one_process_reaches_pages_served_by_the_others(servers: list[Server],
                                                                         browser: Browser) -> None:
    first, second, third = (server.base for server in servers[:3])
    closer, watcher, visitor = new_page(browser), new_page(browser), new_page(browser)
    log_in(closer, second)
    roll_call = plan_today(closer)
    closer.goto(second + roll_call, wait_until='networkidle')

    log_in(watcher, first)
    watcher.goto(first + '/overblik', wait_until='networkidle')
    waiting = watcher.get_by_text('personer på ventelisten').first
    before = waiting.inner_text()
    visitor.goto(third + '/', wait_until='networkidle')
    public_waiting = visitor.get_by_text('personer på ventelisten').first
    public_before = public_waiting.inner_text()
    reloads: list[str] = []
    for page in (watcher, visitor):
        page.on('framenavigated', lambda frame: reloads.append(frame.url))

    # Nobody is recorded at the meeting: closing marks everyone absent, the demo's at-risk members reach three in a
    # row, and their seats pass to the waitlist: the waitlist shrinks on every page, whichever process serves it.
    started = close_the_meeting(closer)
    expect(waiting).not_to_have_text(before, timeout=3000)
    elapsed = time.monotonic() - started
    expect(public_waiting).not_to_have_text(public_before, timeout=3000)
    print(f'close on process 2 -> Overblik on process 1 after {elapsed * 1000:.0f} ms')  # noqa: T201 - with -s
    assert elapsed < 2.0, elapsed
    assert reloads == [], 'the pages must update without a reload'


def test_the_language_chosen_on_one_process_holds_on_another(servers: list[Server], browser: Browser,
                                                             tmp_path: Path) -> None:
    first, fourth = servers[0].base, servers[3].base
    page = new_page(browser)
    page.goto(first + '/', wait_until='networkidle')
    page.get_by_label('Sprog').click()
    page.get_by_role('option', name='English').click()
    expect(page.locator('html')).to_have_attribute('lang', 'en')
    page.goto(fourth + '/ansoeg', wait_until='networkidle')   # same browser, same cookie, another process
    expect(page.locator('html')).to_have_attribute('lang', 'en')
    page.goto(fourth + '/', wait_until='networkidle')
    expect(page.get_by_label('Language')).to_be_visible()
