"""A member in real Chromium: logs in with the e-mail link, watches their waitlist position change live when the
coordinator removes someone ahead, and every public and member page passes axe at phone and desktop width."""
from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    axe_violations,
    chromium_path,
    log_in_as_demo_coordinator,
    running_server,
)

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 800)


def waitlist(data_dir: Path) -> list[tuple[int, str]]:
    """The demo's waitlist in order: (membership id, e-mail)."""
    with sqlite3.connect(data_dir / 'flnet.sqlite3') as db:
        return db.execute("SELECT m.id, p.email FROM membership m JOIN person p ON p.id = m.person_id "
                          "WHERE m.status = 'waitlisted' ORDER BY m.queue_at, m.id").fetchall()


def login_link_sent_to(data_dir: Path, email: str) -> str:
    """The link in the newest login e-mail to `email`, read from the outbox (no SMTP server in this test)."""
    with sqlite3.connect(data_dir / 'flnet.sqlite3') as db:
        row = db.execute('SELECT body_text FROM outgoing_mail WHERE to_address = ? ORDER BY id DESC LIMIT 1',
                         (email,)).fetchone()
    assert row is not None, f'no e-mail to {email}'
    match = re.search(r'https?://\S+/login/link/\S+', row[0])
    assert match is not None, row[0]
    return match.group(0)


def new_page(browser: Browser, size: tuple[int, int] = DESKTOP) -> Page:
    return browser.new_context(viewport={'width': size[0], 'height': size[1]}, locale='da-DK').new_page()


def log_in_by_link(page: Page, base: str, data_dir: Path, email: str) -> None:
    page.goto(base + '/login', wait_until='networkidle')
    page.locator('input[name=link_email]').fill(email)
    with page.expect_navigation():
        page.locator('input[name=link_email]').press('Enter')
    expect(page.get_by_text('har vi sendt et link')).to_be_visible()
    page.goto(login_link_sent_to(data_dir, email), wait_until='networkidle')
    with page.expect_navigation():
        page.get_by_role('button', name='Log ind').click()
    page.wait_for_load_state('networkidle')
    assert page.url.endswith('/min-side'), page.url


def test_a_waitlisted_member_sees_their_position_change_live(tmp_path) -> None:
    data_dir = tmp_path / 'data'
    with running_server(data_dir, '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        queue = waitlist(data_dir)
        first_email = queue[0][1]
        _third_id, third_email = queue[2]
        member = new_page(browser, PHONE)
        log_in_by_link(member, base, data_dir, third_email)
        expect(member.get_by_text('nr. 3 på ventelisten').first).to_be_visible()
        reloads: list[str] = []
        member.on('framenavigated', lambda frame: reloads.append(frame.url))

        coordinator = new_page(browser)
        log_in_as_demo_coordinator(coordinator, base, '/venteliste')
        # The list is in waitlist order: the first "Fjern fra venteliste" is the person at the front.
        coordinator.get_by_role('button', name='Fjern fra venteliste').first.click()
        confirm = coordinator.get_by_role('dialog').get_by_role('button', name='Fjern fra venteliste')
        expect(confirm).to_be_visible()
        started = time.monotonic()
        confirm.click()
        expect(member.get_by_text('nr. 2 på ventelisten').first).to_be_visible(timeout=2000)
        elapsed = time.monotonic() - started
        assert elapsed < 2.0, f'the position changed after {elapsed:.2f} s'
        assert reloads == [], 'the member page must update without a reload'
        assert first_email not in [email for _id, email in waitlist(data_dir)]
        browser.close()


PUBLIC_PAGES = ['/', '/ansoeg', '/privatliv', '/login', '/login?sendt=1']
MEMBER_PAGES = ['/min-side', '/min-side/kalender', '/min-side/adgangskode']
COORDINATOR_PAGES = ['/udbakke', '/indstillinger']


def check_page(page: Page, base: str, path: str, name: str) -> None:
    errors: list[str] = []
    page.on('console', lambda message: errors.append(message.text) if message.type == 'error' else None)
    response = page.goto(base + path, wait_until='networkidle')
    assert response is not None and response.status == 200, path
    assert page.locator('h1').count() == 1, path
    assert page.locator('html').get_attribute('lang') == 'da', path
    size = page.viewport_size or {'width': 0, 'height': 0}
    page.screenshot(path=str(ARTIFACTS / f'{name}-{size["width"]}x{size["height"]}.png'), full_page=True)
    assert axe_violations(page) == [], path
    assert errors == [], (path, errors)


def test_public_member_and_new_coordinator_pages_have_no_axe_violations(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    data_dir = tmp_path / 'data'
    with running_server(data_dir, '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        member_email = waitlist(data_dir)[0][1]
        for size in (PHONE, DESKTOP):
            visitor = new_page(browser, size)
            for path in PUBLIC_PAGES:
                check_page(visitor, base, path, 'public' + path.replace('/', '-').replace('?', '-'))
            member = new_page(browser, size)
            log_in_by_link(member, base, data_dir, member_email)
            for path in MEMBER_PAGES:
                check_page(member, base, path, 'member' + path.replace('/', '-'))
            coordinator = new_page(browser, size)
            log_in_as_demo_coordinator(coordinator, base)
            for path in COORDINATOR_PAGES:
                check_page(coordinator, base, path, 'coordinator' + path.replace('/', '-'))
        browser.close()
