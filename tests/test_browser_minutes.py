"""Minutes in real Chromium (issue 6 §5), on the demo data, with one server for the module. The demo's newest held
meeting has approved minutes that are not yet sent; the one before is sent out.

- A member opens the archive at phone and desktop width (axe zero, one h1, lang="da", no console errors) and
  downloads the newest minutes as a real download: the file is named `referat-YYYY-MM-DD-<slug>.pdf` and pdftotext
  reads the Danish text back out of it.
- Two coordinators in two browsers: one reopens the minutes and the other's page turns editable by itself; both
  write the same item; the one who saves second sees both texts side by side (axe zero with the dialog open), keeps
  theirs, and the other's page shows it. Approved again, version 2 downloads with that text.
- The editor, the action overview and the agenda builder with its "Opfølgning" card pass axe at 390 and 1280 px
  (screenshots in tests/artifacts/).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from flnet_ui import i18n
from flnet_ui.demo import DEMO_MEMBER_PASSWORD
from tests.browser import (
    ARTIFACTS,
    Server,
    axe_violations,
    da,
    demo_server_and_chromium,
    log_in_as_demo_coordinator,
)

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 800)
MINE = 'Kollega A: oplægget blev vel modtaget, og slides deles på næste møde.'
THEIRS = 'Kollega B: mange spørgsmål om leveringstider – især fra Æbeltoft og Ålborg.'


@dataclass
class Site:
    server: Server
    browser: Browser
    newest: tuple[int, str]      # (meeting id, date) of the demo's newest approved minutes
    member_email: str
    errors: list[str] = field(default_factory=list)

    def page(self, size: tuple[int, int] = DESKTOP) -> Page:
        context = self.browser.new_context(viewport={'width': size[0], 'height': size[1]}, locale='da-DK',
                                           accept_downloads=True)
        context.on('console', lambda m: self.errors.append(f'{m.page.url if m.page else ""}: {m.text}')
                   if m.type == 'error' else None)
        return context.new_page()

    def coordinator(self, size: tuple[int, int] = DESKTOP) -> Page:
        page = self.page(size)
        log_in_as_demo_coordinator(page, self.server.base)
        return page

    def member(self, size: tuple[int, int]) -> Page:
        page = self.page(size)
        page.goto(self.server.base + '/login', wait_until='networkidle')
        page.locator('input[name=email]').fill(self.member_email)
        page.locator('input[name=password]').fill(DEMO_MEMBER_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press('Enter')
        page.wait_for_load_state('networkidle')
        return page


def check_page(site: Site, page: Page, name: str) -> None:
    """One h1, Danish, zero axe violations, no console errors; a screenshot to look at."""
    assert page.locator('h1').count() == 1, name
    assert page.locator('html').get_attribute('lang') == 'da', name
    violations = axe_violations(page)
    assert violations == [], f'{name}: {violations}'
    assert site.errors == [], f'{name}: {site.errors}'
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f'{name}.png'), full_page=True)


def pdf_text(path: Path) -> str:
    return subprocess.run(['pdftotext', '-layout', str(path), '-'], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp('minutes') / 'data'
    with demo_server_and_chromium(data_dir) as (server, browser):
        with sqlite3.connect(data_dir / 'flnet.sqlite3') as db:
            newest = db.execute("SELECT m.id, m.starts_at FROM minutes n JOIN meeting m ON m.id = n.meeting_id "
                                "WHERE n.status = 'approved' ORDER BY m.starts_at DESC LIMIT 1").fetchone()
            [email] = db.execute("SELECT email FROM app_user WHERE role = 'member'").fetchone()
        day = i18n.local(dt.datetime.fromisoformat(newest[1])).date()   # the meeting's day in Denmark
        yield Site(server, browser, (newest[0], day.isoformat()), email)


@pytest.mark.parametrize('size', [PHONE, DESKTOP], ids=['390', '1280'])
def test_a_member_reads_the_archive_and_downloads_the_minutes(site: Site, size: tuple[int, int],
                                                              tmp_path: Path) -> None:
    page = site.member(size)
    page.goto(site.server.base + '/referater', wait_until='networkidle')
    expect(page.locator('h1')).to_have_text(da('Minutes and materials'))
    check_page(site, page, f'referater-{size[0]}')
    links = page.get_by_role('link', name=da('Download the minutes (PDF)'))
    expect(links).to_have_count(2)   # both approved minutes; drafts never show
    with page.expect_download() as download_info:
        links.first.click()
    download = download_info.value
    _meeting_id, date = site.newest
    assert download.suggested_filename.startswith(f'referat-{date}-'), download.suggested_filename
    assert download.suggested_filename.endswith('.pdf')
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved)
    flat = ' '.join(text.split())
    for expected in (da('Minute taker'), 'Karen Lund, Statsbiblioteket', da('Attendees ({count})').split(' (')[0],
                     da('All action items'), 'Side 1 af'):
        assert expected in flat, expected
    page.context.close()


def test_two_coordinators_write_the_same_item_and_the_second_chooses(site: Site, tmp_path: Path) -> None:
    meeting_id, _date = site.newest
    editor = f'{site.server.base}/moeder/{meeting_id}/referat'
    first, second = site.coordinator(), site.coordinator()
    for page in (first, second):
        page.goto(editor, wait_until='networkidle')
        expect(page.get_by_text(da('The minutes are approved and locked. Reopen them to make a change.')))\
            .to_be_visible()

    first.get_by_role('button', name=da('Reopen'), exact=True).click()
    first.get_by_label(da('Why are they reopened?')).fill('En pointe fra oplægget mangler')
    first.get_by_role('dialog').get_by_role('button', name=da('Reopen'), exact=True).click()
    # The second page was not touched: the live update makes it editable.
    for page in (first, second):
        expect(page.get_by_label(da('Notes')).nth(1)).to_be_editable()

    first.get_by_label(da('Notes')).nth(1).fill(MINE)               # typed, not yet saved (no blur)
    second.get_by_label(da('Notes')).nth(1).fill(THEIRS)
    second.get_by_label(da('Notes')).nth(1).press('Tab')            # saved on blur
    expect(second.get_by_text(da('Saved at {time}.').split('{')[0], exact=False).first).to_be_visible()
    expect(first.get_by_label(da('Notes')).nth(1)).to_have_value(MINE)   # the live update keeps what is typed

    first.get_by_label(da('Notes')).nth(1).press('Tab')
    dialog = first.get_by_role('dialog')
    expect(dialog.get_by_text(da('Saved by someone else meanwhile'))).to_be_visible()
    expect(dialog.get_by_text(THEIRS).first).to_be_visible()
    expect(dialog.get_by_text(MINE).first).to_be_visible()
    check_page(site, first, 'referat-konflikt-1280')
    dialog.get_by_role('button', name=da('Keep my text')).click()
    expect(first.get_by_role('dialog')).to_have_count(0)
    expect(second.get_by_label(da('Notes')).nth(1)).to_have_value(MINE)   # pushed to the other writer

    first.get_by_role('button', name=da('Approve the minutes')).click()
    first.get_by_role('dialog').get_by_role('button', name=da('Approve')).click()
    link = first.get_by_role('link', name=da('Download version {number} as PDF').format(number=2))
    expect(link).to_be_visible()
    with first.expect_download() as download_info:
        link.click()
    saved = tmp_path / 'version-2.pdf'
    download_info.value.save_as(saved)
    text = ' '.join(pdf_text(saved).split())
    assert 'version 2' in text.lower()
    assert ' '.join(MINE.split()) in text and THEIRS not in text
    first.context.close()
    second.context.close()


@pytest.mark.parametrize('size', [PHONE, DESKTOP], ids=['390', '1280'])
def test_the_editor_the_overview_and_the_follow_up_card_pass_axe(site: Site, size: tuple[int, int]) -> None:
    meeting_id, _date = site.newest
    page = site.coordinator(size)
    page.goto(f'{site.server.base}/moeder/{meeting_id}/referat', wait_until='networkidle')
    expect(page.get_by_role('heading', name=da('Approval and versions'))).to_be_visible()
    check_page(site, page, f'referat-{size[0]}')

    page.goto(site.server.base + '/opfoelgning', wait_until='networkidle')
    expect(page.get_by_role('heading', name=da('Open action items'), exact=False)).to_be_visible()
    check_page(site, page, f'opfoelgning-{size[0]}')

    with sqlite3.connect(site.server.data_dir / 'flnet.sqlite3') as db:
        [upcoming] = db.execute("SELECT id FROM meeting WHERE status = 'planned'").fetchone()
    page.goto(f'{site.server.base}/moeder/{upcoming}/dagsorden', wait_until='networkidle')
    expect(page.get_by_role('heading', name=da('Follow-up from earlier meetings'))).to_be_visible()
    check_page(site, page, f'dagsorden-opfoelgning-{size[0]}')
    page.context.close()
