"""Logging in and out in real Chromium: the form is a plain POST, keyboard-only, with Danish messages."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from flnet_ui.demo import DEMO_COORDINATOR
from tests.browser import ARTIFACTS, CHROMIUM_ARGS, axe_violations, chromium_path, running_server

pytestmark = pytest.mark.browser


def fill_and_submit(page: Page, email: str, password: str) -> None:
    page.locator('input[name=email]').fill(email)
    page.locator('input[name=password]').fill(password)
    submit_with_enter(page)


def submit_with_enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press('Enter')  # the keyboard submits the form; no mouse needed
    page.wait_for_load_state('networkidle')


def test_login_wrong_password_logout_and_the_way_back_to_the_page_asked_for(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    email, password = DEMO_COORDINATOR
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={'width': 1280, 'height': 800}, locale='da-DK')
        errors: list[str] = []
        page.on('console', lambda message: errors.append(message.text) if message.type == 'error' else None)

        page.goto(base + '/medlemmer', wait_until='networkidle')  # a coordinator page sends a visitor to log in
        expect(page).to_have_url(base + '/login?next=/medlemmer')
        assert axe_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / 'login-1280x800.png'), full_page=True)

        fill_and_submit(page, email, 'forkert-kodeord')
        expect(page.get_by_role('alert')).to_have_text('Forkert e-mailadresse eller adgangskode.')
        expect(page.locator('input[name=email]')).to_have_value(email)
        assert axe_violations(page) == []

        page.locator('input[name=password]').fill(password)
        cookie_before = next(c['value'] for c in page.context.cookies() if c['name'] == 'session')
        page.locator('input[name=password]').focus()
        submit_with_enter(page)
        expect(page.get_by_role('button', name='Log ud')).to_be_visible()
        expect(page).to_have_url(base + '/medlemmer')  # the page asked for, kept through the failed attempt
        session = next(c for c in page.context.cookies() if c['name'] == 'session')
        assert session['value'] != cookie_before  # a new session at login
        assert session['httpOnly'] and session['sameSite'] == 'Lax'

        page.goto(base + '/', wait_until='networkidle')
        with page.expect_navigation():
            page.get_by_role('button', name='Log ud').click()
        page.wait_for_load_state('networkidle')
        expect(page.get_by_role('banner').get_by_role('link', name='Log ind')).to_be_visible()
        expect(page.get_by_role('button', name='Log ud')).to_have_count(0)
        assert errors == []
        browser.close()


def test_ten_wrong_passwords_lock_the_account_with_a_danish_time_to_try_again(tmp_path) -> None:
    from flnet_ui.demo import DEMO_MEMBER_PASSWORD
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(locale='da-DK')
        page.goto(base + '/login', wait_until='networkidle')
        member_email = _demo_member_email(tmp_path)
        for _ in range(10):
            fill_and_submit(page, member_email, 'forkert-kodeord')
            expect(page.get_by_role('alert')).to_have_text('Forkert e-mailadresse eller adgangskode.')
        fill_and_submit(page, member_email, DEMO_MEMBER_PASSWORD)  # right, but too late
        expect(page.get_by_role('alert')).to_contain_text('For mange mislykkede forsøg. Prøv igen kl.')
        expect(page.get_by_role('button', name='Log ud')).to_have_count(0)
        browser.close()


def _demo_member_email(tmp_path) -> str:  # type: ignore[no-untyped-def]
    import re
    log = next(tmp_path.glob('server-*.log')).read_text()
    found = re.search(r'member:\s+(\S+) /', log)
    assert found, log
    return found.group(1)
