"""Drill (issue 7 §2): the projector and an open dashboard recover from a 10-second network drop by themselves.

Both pages reach the app through a line that is cut for 10 seconds (tests/tcp_proxy.py: every connection closed,
new ones refused), while the coordinator, on a line of their own, plans a meeting for today. When the line is back,
neither page is touched: both must show the new meeting. (The restart drill is in test_browser_board.py.)"""
from __future__ import annotations

import sqlite3
import time

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import CHROMIUM_ARGS, Server, chromium_path
from tests.tcp_proxy import FlakyLine
from tests.test_browser_meetings import TITLE, log_in, plan_today

pytestmark = pytest.mark.browser
DROP_SECONDS = 10


def new_page(browser: Browser, size: tuple[int, int] = (1280, 800)) -> Page:
    return browser.new_context(viewport={'width': size[0], 'height': size[1]}, locale='da-DK').new_page()


def test_the_projector_and_the_dashboard_recover_from_a_10_second_network_drop(tmp_path) -> None:
    server = Server(tmp_path / 'data', '--demo')
    server.start()
    line = FlakyLine(server.port)
    try:
        with sqlite3.connect(server.data_dir / 'flnet.sqlite3') as db:
            [token] = db.execute('SELECT display_token FROM network').fetchone()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            projector = new_page(browser, (1920, 1080))
            projector.goto(f'{line.base}/skaerm/{token}', wait_until='networkidle')
            dashboard = new_page(browser)
            log_in(dashboard, line.base)
            dashboard.goto(line.base + '/overblik', wait_until='networkidle')
            coordinator = new_page(browser)
            log_in(coordinator, server.base)
            for page in (projector, dashboard):
                expect(page.get_by_text(TITLE)).to_have_count(0)
            loads: list[str] = []
            for page in (projector, dashboard):
                page.on('load', lambda: loads.append('load'))

            line.cut()
            plan_today(coordinator)   # the change made while the meeting room's network is down
            time.sleep(DROP_SECONDS)
            for page in (projector, dashboard):   # the drop is real: nothing reached them meanwhile
                assert page.get_by_text(TITLE).count() == 0
            line.mend()
            mended = time.monotonic()

            expect(projector.get_by_text(TITLE).first).to_be_visible(timeout=30_000)
            expect(dashboard.get_by_text(TITLE).first).to_be_visible(timeout=30_000)
            print(f'both pages showed the change {time.monotonic() - mended:.1f} s after the line was back; '  # noqa: T201
                  f'full page loads meanwhile: {len(loads)}')
            browser.close()
    finally:
        line.close()
        server.stop()
