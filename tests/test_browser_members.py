"""Medlemmer and a person's page in real headless Chromium on the demo data: no axe violations, no console errors."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    axe_violations,
    chromium_path,
    log_in_as_demo_coordinator,
    running_server,
)

pytestmark = pytest.mark.browser


def test_member_pages_have_no_axe_violations_at_desktop_and_phone_width(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width, height in ((1280, 800), (390, 844)):
            context = browser.new_context(viewport={'width': width, 'height': height}, locale='da-DK')
            page = context.new_page()
            errors: list[str] = []
            page.on('console', lambda message, errors=errors: errors.append(message.text)
                    if message.type == 'error' else None)
            _log_in(page, base)
            page.goto(base + '/medlemmer', wait_until='networkidle')
            page.get_by_text('aktive,').first.wait_for()
            assert page.locator('h1').count() == 1
            # The library is shown beside each name where there is room, and the part of the country on wider
            # screens still (Quasar's own `.hidden` beats Tailwind's `sm:table-cell`: they never showed before)
            shown = [page.locator('table th', has_text=name).is_visible() for name in ('Bibliotek', 'Landsdel')]
            assert shown == ([True, True] if width > 768 else [False, False])
            assert page.evaluate('document.documentElement.scrollWidth') <= width
            page.get_by_text('Viser 1–50 af').wait_for()   # the demo has more people than one page shows
            _check(page, f'members-{width}x{height}')

            _reload(page)
            page.get_by_role('button', name='Tilføj medlem').first.click()
            page.get_by_role('dialog').get_by_text('Tilføj et medlem').wait_for()
            _start_typing(page, 'Navn')
            _check(page, f'members-add-{width}x{height}')
            page.keyboard.press('Escape')

            _reload(page)
            page.get_by_role('button', name='Importér CSV').click()
            page.get_by_role('dialog').get_by_text('Importér medlemmer fra CSV').wait_for()
            page.wait_for_timeout(400)
            page.get_by_role('dialog').get_by_text('Kolonner:').click()
            _check(page, f'members-import-{width}x{height}')
            page.keyboard.press('Escape')

            page.locator('table a').first.click()
            page.get_by_text('Historik').wait_for()
            assert page.locator('h1').count() == 1
            _check(page, f'person-{width}x{height}')
            _reload(page)
            page.get_by_role('button', name='Redigér kontaktoplysninger').click()
            page.get_by_role('dialog').get_by_text('Redigér kontaktoplysninger').wait_for()
            _start_typing(page, 'Navn')
            _check(page, f'person-edit-{width}x{height}')
            assert errors == []
            context.close()
        browser.close()


def _log_in(page: Page, base: str) -> None:
    log_in_as_demo_coordinator(page, base)


def _reload(page: Page) -> None:
    """Each dialog is opened on a freshly loaded page, as a coordinator would meet it."""
    page.reload(wait_until='networkidle')
    page.locator('h1').wait_for()


def _start_typing(page: Page, label: str) -> None:
    """Put the focus in the dialog's first field, as a user starts."""
    page.wait_for_timeout(600)  # the dialog's opening transition
    page.get_by_role('dialog').get_by_label(label, exact=True).click()


def _check(page: Page, name: str) -> None:
    page.wait_for_timeout(300)  # let dialogs finish their transitions before looking
    violations = axe_violations(page)
    page.screenshot(path=str(ARTIFACTS / f'{name}.png'), full_page=True)
    assert violations == [], f'{name}: {violations}'
