"""No text that people type can run as script (issue 7 §3.4), in real Chromium against one demo server.

Script and HTML payloads go into every text that is shown back: an applicant's name and new library through the real
/ansoeg form; the projector message through the real control page; the rest through the services, in a setup step on
the server's own database (then the pages are loaded): a member's name and library, a meeting's title and
description, agenda item titles, a markdown description with raw HTML and a javascript: link, a material's title, a
group's question and outcome, the minutes' referent, notes, decisions and an action item whose responsible is written
as a javascript: address. Every page that shows them is opened; on each, `window.__xss` must stay undefined, no
element may carry an injected handler, `javascript:` address or the payloads' broken image, and each payload must
be there as the text that was typed.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from flnet_ui.demo import DEMO_MEMBER_PASSWORD
from tests.browser import Server, da, demo_server_and_chromium, log_in_as_demo_coordinator, start_application
from tests.xss_scene import (
    ACTION,
    APPLICANT,
    DECISION,
    DESCRIPTION,
    GROUP_ITEM,
    HELD_MATERIAL,
    HELD_TITLE,
    ITEM,
    JS_URL,
    LIBRARY,
    MATE,
    MATERIAL,
    MESSAGE,
    MOTIVATION,
    NAME,
    NEW_LIBRARY,
    NOTES,
    OUTCOME,
    QUESTION,
    REFERENT,
    RESPONSIBLE,
    TITLE,
    on_server_database,
    put_payloads,
    start_today,
)

pytestmark = pytest.mark.browser

# Anything the browser would have run or fetched because of a payload.
INJECTED = '''() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase(), value = attribute.value.toLowerCase();
            if (name.startsWith('on') && value.includes('__xss')) found.push(`${element.tagName} ${name}`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
                    && value.replace(/\\s/g, '').startsWith('javascript:')) found.push(`${element.tagName} ${name}`);
        }
    }
    for (const element of document.querySelectorAll('img[src="x"], svg[onload]')) found.push(element.outerHTML);
    return found;
}'''
# What a person sees: the page's text and the values of its fields.
SHOWN = '''() => [document.body.innerText,
                  ...[...document.querySelectorAll('input, textarea')].map(field => field.value)].join('\\n')'''


@dataclass
class Site:
    server: Server
    browser: Browser
    ids: dict[str, Any]
    member_email: str
    errors: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.base

    def page(self) -> Page:
        context = self.browser.new_context(viewport={'width': 1280, 'height': 900}, locale='da-DK')
        context.on('console', lambda m: self.errors.append(f'{m.page.url if m.page else ""}: {m.text}')
                   if m.type == 'error' else None)
        return context.new_page()


def check(site: Site, page: Page, path: str, *expected: str) -> None:
    """Open `path` (unless `page` is already there), give broken images time to fail, and look."""
    if path:
        page.goto(site.base + path, wait_until='networkidle')
    page.wait_for_timeout(300)
    assert page.evaluate('() => window.__xss') is None, f'{path}: a payload ran'
    assert page.evaluate(INJECTED) == [], path
    shown = page.evaluate(SHOWN)
    missing = [text for text in expected if text not in shown]
    assert missing == [], f'{path}: not shown as text: {missing}\n---\n{shown}'


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp('xss') / 'data'
    with demo_server_and_chromium(data_dir) as (server, browser):
        ids = on_server_database(data_dir, put_payloads)
        with sqlite3.connect(data_dir / 'flnet.sqlite3') as connection:
            [email] = connection.execute('SELECT email FROM app_user WHERE person_id = ?',
                                         (ids['member_person'],)).fetchone()
        yield Site(server, browser, ids, email)


@pytest.fixture(scope='module')
def coordinator(site: Site) -> Page:
    page = site.page()
    log_in_as_demo_coordinator(page, site.base)
    return page


def test_the_application_form_and_its_receipt(site: Site) -> None:
    page = site.page()
    page.goto(site.base + '/ansoeg', wait_until='networkidle')
    start_application(page, APPLICANT, 'bo.ansoeger@bib.dk', 'Ærø')
    page.get_by_role('option', name=da('My library is not in the list')).click()
    page.get_by_label(da("Your library's name") + ' *').fill(NEW_LIBRARY)
    page.get_by_label(da('Why do you want to join? (short)')).fill(MOTIVATION)
    page.get_by_text(da('I agree that the network handles my personal data as described in the privacy statement.'))\
        .click()
    page.get_by_role('button', name=da('Send application')).click()
    expect(page.get_by_text(da('Thank you for your application'))).to_be_visible()
    check(site, page, '')  # the receipt repeats only the e-mail address
    with sqlite3.connect(site.server.data_dir / 'flnet.sqlite3') as connection:
        [applicant] = connection.execute('SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id '
                                         'WHERE p.email = ?', ('bo.ansoeger@bib.dk',)).fetchone()
    site.ids['applicant'] = applicant
    page.context.close()


COORDINATOR_PAGES = {
    'members': ('/medlemmer', [APPLICANT, NEW_LIBRARY]),   # NAME ('Åse', last in Danish order): on the last page
    'applicant': ('/medlemmer/{applicant}', [APPLICANT, NEW_LIBRARY]),
    'person': ('/medlemmer/{member}', [NAME, LIBRARY]),
    'meetings': ('/moeder', [TITLE, HELD_TITLE]),
    'meeting': ('/moeder/{upcoming}', [TITLE, DESCRIPTION, GROUP_ITEM, NAME]),
    'agenda': ('/moeder/{upcoming}/dagsorden', [TITLE, ITEM, GROUP_ITEM, MATERIAL, 'fed tekst', ACTION]),
    'groups': ('/moeder/{upcoming}/grupper/{group_item}', [TITLE, GROUP_ITEM, QUESTION, OUTCOME, NAME, MATE]),
    'minutes': ('/moeder/{held}/referat', [HELD_TITLE, REFERENT, NOTES, DECISION, ACTION, RESPONSIBLE]),
    'archive': ('/referater', [HELD_TITLE, HELD_MATERIAL]),
    'follow-up': ('/opfoelgning', [ACTION, RESPONSIBLE, HELD_TITLE]),
    'dashboard': ('/overblik', [TITLE]),
    'waitlist': ('/venteliste', []),
}


@pytest.mark.parametrize('name', list(COORDINATOR_PAGES))
def test_the_coordinators_pages_show_the_payloads_as_text(site: Site, coordinator: Page, name: str) -> None:
    path, expected = COORDINATOR_PAGES[name]
    if '{applicant}' in path and 'applicant' not in site.ids:
        pytest.skip('the application test did not run')
    check(site, coordinator, path.format(**site.ids), *expected)
    description = coordinator.locator('.flnet-markdown').filter(has_text='fed tekst')
    if name == 'agenda':  # markdown still works: bold stays bold, the raw HTML and the javascript: link are gone
        expect(description.locator('strong')).to_have_text('fed tekst')
        expect(description.locator('a[href]')).to_have_count(0)


def test_the_member_list_shows_the_payloads_as_text_on_its_last_page(site: Site, coordinator: Page) -> None:
    coordinator.goto(f'{site.base}/medlemmer', wait_until='networkidle')
    following = coordinator.get_by_role('button', name=da('Next page'))
    while following.is_enabled():
        following.click()
        coordinator.wait_for_timeout(300)
    check(site, coordinator, '', NAME, LIBRARY)


def test_the_dashboard_tables_show_the_payloads_as_text(site: Site, coordinator: Page) -> None:
    """Overblik's table cells hold their text themselves (one element each); its three expansions build their tables
    only when opened: the held meeting's title, the members' names and libraries."""
    coordinator.goto(f'{site.base}/overblik', wait_until='networkidle')
    for header in coordinator.locator('.q-expansion-item .q-item').all():
        header.click()
    check(site, coordinator, '', TITLE, HELD_TITLE, NAME, LIBRARY)


def test_names_in_a_dropdown_and_in_a_notification(site: Site, coordinator: Page) -> None:
    """Two places that are drawn only after a click: a select's options and Quasar's notification."""
    coordinator.goto(f'{site.base}/moeder/{site.ids["upcoming"]}/dagsorden', wait_until='networkidle')
    coordinator.get_by_role('button', name=da('Add item')).first.click()
    coordinator.get_by_role('dialog').get_by_label(da('Presenter from the network')).fill('Åse')
    expect(coordinator.get_by_role('option', name=NAME)).to_be_visible()
    check(site, coordinator, '', NAME)

    if 'applicant' not in site.ids:
        pytest.skip('the application test did not run')
    coordinator.goto(f'{site.base}/medlemmer', wait_until='networkidle')
    row = coordinator.get_by_role('link', name=APPLICANT, exact=True).locator('xpath=../..')
    row.get_by_role('button', name=da('Approve')).click()
    expect(coordinator.locator('.q-notification').filter(has_text=APPLICANT)).to_be_visible()
    check(site, coordinator, '', APPLICANT)


def test_a_javascript_address_is_refused_as_a_material_link(site: Site, coordinator: Page) -> None:
    coordinator.goto(f'{site.base}/moeder/{site.ids["upcoming"]}/dagsorden', wait_until='networkidle')
    coordinator.get_by_role('button', name=da('Materials')).first.click()
    dialog = coordinator.get_by_role('dialog')
    expect(dialog.get_by_role('heading', name=da('Materials for {title}').format(title=ITEM))).to_be_visible()
    dialog.get_by_label(da('Web address')).fill(JS_URL)
    dialog.get_by_role('button', name=da('Add link')).click()
    expect(dialog.get_by_text(da('Write a web address that starts with https:// or http://.'))).to_be_visible()
    dialog.get_by_role('button', name=da('Close')).click()
    check(site, coordinator, '')
    with sqlite3.connect(site.server.data_dir / 'flnet.sqlite3') as connection:
        assert connection.execute("SELECT count(*) FROM agenda_material WHERE url LIKE 'javascript:%'").fetchone() \
            == (0,)


def test_the_public_page_and_min_side(site: Site) -> None:
    page = site.page()
    check(site, page, '/', TITLE)
    page.goto(site.base + '/login', wait_until='networkidle')
    page.locator('input[name=email]').fill(site.member_email)
    page.locator('input[name=password]').fill(DEMO_MEMBER_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press('Enter')
    page.wait_for_load_state('networkidle')
    check(site, page, '/min-side', TITLE, ITEM, 'fed tekst', MATERIAL, QUESTION, MATE)
    page.context.close()


def test_the_running_meeting_its_control_page_and_the_projector(site: Site, coordinator: Page) -> None:
    """Last: the upcoming meeting is moved to today and started, with the group work as the current item."""
    ids = site.ids

    on_server_database(site.server.data_dir, lambda: start_today(ids))

    projector = site.page()
    projector.set_viewport_size({'width': 1920, 'height': 1080})
    projector.goto(f'{site.base}/skaerm/{ids["token"]}', wait_until='networkidle')

    coordinator.goto(f'{site.base}/moeder/{ids["upcoming"]}/styring', wait_until='networkidle')
    coordinator.get_by_label(da('Message (at most 200 characters)')).fill(MESSAGE)
    coordinator.get_by_role('button', name=da('Show'), exact=True).click()
    expect(coordinator.get_by_text(da('Shown now: {message}').format(message=MESSAGE))).to_be_visible()
    check(site, coordinator, '', ITEM, GROUP_ITEM, MESSAGE)
    check(site, coordinator, f'/moeder/{ids["upcoming"]}/fremmoede', TITLE, NAME)

    expect(projector.get_by_text(MESSAGE)).to_be_visible()  # arrived live, without a reload
    check(site, projector, '', TITLE, GROUP_ITEM, QUESTION, MATE, MESSAGE)
    check(site, projector, f'/skaerm/{ids["token"]}', TITLE, GROUP_ITEM, QUESTION, MATE, MESSAGE)
    projector.context.close()


def test_no_page_logged_a_console_error(site: Site) -> None:
    """A payload that a sanitiser strips leaves no trace either; a broken image would show up here as a 404."""
    assert [e for e in site.errors if 'favicon' not in e] == []
