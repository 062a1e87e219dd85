"""Two coordinators at once, in real Chromium: what one does reaches the other's open page without reload; and a
page left open after logging out can change nothing."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import CHROMIUM_ARGS, chromium_path, running_server
from tests.test_browser_meetings import close_the_meeting, log_in, plan_today

pytestmark = pytest.mark.browser


def new_page(browser: Browser) -> Page:
    return browser.new_context(viewport={'width': 1280, 'height': 800}, locale='da-DK').new_page()


# The waiting count's old text is gone and a new one shows (the count lives in one label: redrawn, never half there).
CHANGED = '''before => {
  const text = document.body.innerText;
  return !text.includes(before) && /\\d+ personer? på ventelisten/.test(text);
}'''


def test_closing_a_meeting_in_one_browser_updates_the_dashboard_in_the_other_at_once(tmp_path) -> None:
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        closer, watcher = new_page(browser), new_page(browser)
        log_in(closer, base)
        roll_call = plan_today(closer)
        closer.goto(base + roll_call, wait_until='networkidle')

        log_in(watcher, base)
        watcher.goto(base + '/overblik', wait_until='networkidle')
        waiting = watcher.get_by_text('personer på ventelisten').first
        before = waiting.inner_text()
        reloads: list[str] = []
        watcher.on('framenavigated', lambda frame: reloads.append(frame.url))

        # Nobody is recorded at the meeting: closing marks all absent, and the at-risk members of the demo reach
        # three in a row, so seats pass to the waitlist and the waiting count on the other page must change.
        started = close_the_meeting(closer)
        # Looked for on every frame: expect() looks after 100, 250, 500 and 1000 ms, which alone would add up to half
        # a second to the figure.
        watcher.wait_for_function(CHANGED, arg=before, polling='raf', timeout=5000)
        elapsed = time.monotonic() - started
        print(f'close in one browser -> Overblik in the other after {elapsed * 1000:.0f} ms')  # noqa: T201 - with -s
        # 0.4-0.75 s on an idle machine (the close with its mails, then the roll call's forty rows redrawn first).
        # The bound is for CI, where the other worker may be building a demo and starting Chromium meanwhile (1.37 s
        # seen): how fast the push is, is measured against a baseline by bench/ (the Chromium Overblik page).
        assert elapsed < 2.0, f'the dashboard changed after {elapsed:.2f} s'
        assert reloads == [], 'the dashboard must update without a reload'
        browser.close()


def test_a_page_left_open_after_logout_changes_nothing(tmp_path) -> None:
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        stale = new_page(browser)
        log_in(stale, base)
        roll_call = plan_today(stale)
        stale.goto(base + roll_call, wait_until='networkidle')
        expect(stale.get_by_text('deltog: 0')).to_be_visible()

        other_tab = stale.context.new_page()  # same browser, same session cookie
        other_tab.goto(base + '/', wait_until='networkidle')
        with other_tab.expect_navigation():
            other_tab.get_by_role('button', name='Log ud').click()

        stale.get_by_role('radiogroup').first.get_by_role('radio').first.click()
        expect(stale.get_by_text('Du er ikke længere logget ind').first).to_be_visible()

        log_in(other_tab, base)
        other_tab.goto(base + roll_call, wait_until='networkidle')
        expect(other_tab.get_by_text('deltog: 0')).to_be_visible()
        browser.close()
