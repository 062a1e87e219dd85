"""The app as a newcomer gets it: `flnet serve --demo`, opened in real headless Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, axe_violations, chromium_path, running_server

pytestmark = pytest.mark.browser


def test_demo_server_serves_the_danish_landing_page_without_errors_or_axe_violations(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path / 'data', '--demo') as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width, height in ((1280, 800), (390, 844)):
            page = browser.new_page(viewport={'width': width, 'height': height}, locale='da-DK')
            errors: list[str] = []
            page.on('console', lambda message, errors=errors: errors.append(message.text)
                    if message.type == 'error' else None)
            response = page.goto(base + '/', wait_until='networkidle')
            assert response is not None and response.status == 200
            assert page.locator('html').get_attribute('lang') == 'da'
            assert page.locator('h1').count() == 1
            page.get_by_text('af 40 pladser besat').wait_for()
            assert page.get_by_text('Fremtidens Fjernlån (FL-netværket)').is_visible()
            page.screenshot(path=str(ARTIFACTS / f'landing-{width}x{height}.png'), full_page=True)
            assert errors == []
            assert axe_violations(page) == []
            page.close()
        browser.close()
