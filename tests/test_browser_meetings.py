"""Møder, a meeting's page and Fremmøde in real Chromium on the demo data, at desktop and phone width: the list, the
planning dialog open, the roll call worked with the keyboard only, and the closing preview open; zero axe violations
and no console errors. Screenshots go to tests/artifacts/<page>-<w>x<h>.png."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from flnet_ui.i18n import today
from tests.browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    axe_violations,
    chromium_path,
    log_in_as_demo_coordinator,
    running_server,
)

pytestmark = pytest.mark.browser
TITLE = 'Temadag i browsertesten'


def log_in(page: Page, base: str) -> None:
    log_in_as_demo_coordinator(page, base, '/moeder')


def shoot(page: Page, name: str, width: int, height: int) -> None:
    page.wait_for_timeout(500)  # dialogs animate in
    # Quasar shows a loading bar while a request (here: the dialog's library list) is under way; look after it.
    page.wait_for_function("() => ![...document.querySelectorAll('.q-loading-bar')]"
                           ".some(bar => bar.getAttribute('aria-hidden') !== 'true')")
    page.screenshot(path=str(ARTIFACTS / f'{name}-{width}x{height}.png'), full_page=True)
    violations = axe_violations(page)
    assert violations == [], f'{name}: {violations}'


def plan_today(page: Page) -> str:
    """Plan a meeting for today that has already started (from midnight) through the dialog; return its roll call."""
    page.get_by_role('button', name='Planlæg møde').first.click()
    dialog = page.get_by_role('dialog')
    expect(dialog.get_by_role('heading', name='Planlæg møde')).to_be_visible()
    dialog.get_by_label('Titel eller tema').fill(TITLE)
    dialog.get_by_label('Dato').fill(today(dt.datetime.now(dt.UTC)).isoformat())
    dialog.get_by_label('Starter').fill('00:00')
    dialog.get_by_label('Slutter').fill('23:59')
    dialog.get_by_role('button', name='Planlæg møde').click()
    expect(page.get_by_text('Mødet er planlagt.')).to_be_visible()
    link = page.get_by_role('link', name=f'Fremmøde for {TITLE}')
    href = link.get_attribute('href')
    assert href is not None
    return href


def close_the_meeting(page: Page) -> float:
    """'Afslut møde' on the roll call page, confirmed; returns the moment of the confirming click."""
    page.get_by_role('button', name='Afslut møde').click()
    confirm = page.get_by_role('dialog').get_by_role('button', name='Afslut mødet')
    expect(confirm).to_be_visible()
    started = time.monotonic()
    confirm.click()
    return started


def test_meetings_and_roll_call_on_the_demo_data_at_desktop_and_phone_width(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(locale='da-DK')
        errors: list[str] = []
        context.on('console', lambda message: errors.append(message.text) if message.type == 'error' else None)
        page = context.new_page()
        log_in(page, base)
        roll_call = ''
        for width, height in ((1280, 800), (390, 844)):
            page.set_viewport_size({'width': width, 'height': height})
            page.goto(base + '/moeder', wait_until='networkidle')
            assert page.locator('h1').count() == 1
            expect(page.locator('h1')).to_have_text('Møder')
            expect(page.get_by_text('møder – som forventet').first).to_be_visible()
            expect(page.get_by_text('Foreslået vært i').first).to_be_visible()
            expect(page.get_by_role('heading', name='Værtshistorik')).to_be_visible()
            shoot(page, 'moeder', width, height)

            page.get_by_role('button', name='Planlæg møde').first.click()
            expect(page.get_by_role('dialog').get_by_role('heading', name='Planlæg møde')).to_be_visible()
            shoot(page, 'moeder-planlaeg', width, height)
            page.get_by_role('dialog').get_by_role('button', name='Annuller').click()
            expect(page.get_by_role('dialog')).to_have_count(0)

            if not roll_call:
                roll_call = plan_today(page)
            page.goto(base + roll_call.removesuffix('/fremmoede'), wait_until='networkidle')
            expect(page.get_by_role('heading', name='Svar', exact=True)).to_be_visible()
            shoot(page, 'moede', width, height)

            page.goto(base + roll_call, wait_until='networkidle')
            expect(page.get_by_text('Status: i gang')).to_be_visible()
            shoot(page, 'fremmoede', width, height)

            page.get_by_role('button', name='Afslut møde').click()
            dialog = page.get_by_role('dialog')
            expect(dialog.get_by_text('registreres som udeblevet')).to_be_visible()
            shoot(page, 'fremmoede-afslut', width, height)
            dialog.get_by_role('button', name='Ikke nu').click()
            expect(page.get_by_role('dialog')).to_have_count(0)
        keyboard_only(page)
        assert errors == []
        browser.close()


def keyboard_only(page: Page) -> None:
    """Number keys and arrow keys choose within a person's group; Tab goes on to the next person; the focus stays
    put while the page updates itself."""
    groups = page.get_by_role('radiogroup')
    first, second = groups.nth(0), groups.nth(1)
    first.get_by_role('radio').first.focus()
    page.keyboard.press('2')
    expect(first.get_by_role('radio').nth(1)).to_be_checked()
    expect(page.get_by_text('afbud: 1 ·')).to_be_visible()
    page.keyboard.press('ArrowRight')
    expect(first.get_by_role('radio').nth(2)).to_be_checked()
    expect(page.get_by_text('udeblev: 1 ·')).to_be_visible()
    expect(first.get_by_role('radio').nth(2)).to_be_focused()
    page.keyboard.press('Tab')
    expect(second.get_by_role('radio').first).to_be_focused()
    page.keyboard.press('1')
    expect(second.get_by_role('radio').first).to_be_checked()
    expect(page.get_by_text('deltog: 1 ·')).to_be_visible()
    expect(second.get_by_role('radio').first).to_be_focused()
    name = first.get_by_role('radio').first.get_attribute('aria-label') or ''
    assert name.endswith(': deltog (1)') and len(name) > len(': deltog (1)')
